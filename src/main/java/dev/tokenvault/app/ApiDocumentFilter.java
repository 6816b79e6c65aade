package dev.tokenvault.app;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.PageRequest;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The rules of the OpenAPI document that hold for every operation, applied once at build time so that resources
 * declare only what is their own:
 * <ul>
 * <li>every {@code /v1} operation gets the {@code application/problem+json} errors its shape alone can cause:
 * {@code 400} when it takes query parameters or a body, {@code 413} when it takes a body, {@code 401} and {@code 403}
 * when it needs a caller (no anonymous alternative), {@code 404} when its path names something, and a
 * {@code default} for the rest ({@code 500}, {@code 503 database_unavailable});</li>
 * <li>the parameters lists and projects share ({@code page_size}, {@code page_token}, {@code project}) are described
 * once;</li>
 * <li>a property that is not {@code required} may be {@code null}: Jackson writes every field, {@code null} included
 * ({@code quarkus.jackson.serialization-inclusion=always}), and reads {@code null} as absent.</li>
 * </ul>
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiDocumentFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> {
                if (path.startsWith("/v1/")) {
                    item.getOperations().values().forEach(operation -> complete(path, item, operation));
                }
            });
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().values().forEach(ApiDocumentFilter::allowNulls);
        }
    }

    private static void complete(String path, PathItem item, Operation operation) {
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        parameters.forEach(ApiDocumentFilter::describeShared);
        boolean query = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY);
        boolean body = operation.getRequestBody() != null;

        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        if (query || body) {
            add(responses, "400", ApiDocs.INVALID_REQUEST);
        }
        if (needsCaller(operation)) {
            add(responses, "401", ApiDocs.UNAUTHENTICATED);
            add(responses, "403", ApiDocs.FORBIDDEN);
        }
        if (path.contains("{")) {
            add(responses, "404", ApiDocs.NOT_FOUND);
        }
        if (body) {
            add(responses, "413", ApiDocs.PAYLOAD_TOO_LARGE);
        }
        add(responses, APIResponses.DEFAULT, ApiDocs.ERROR);
    }

    /** Security is declared and has no empty (anonymous) alternative. */
    private static boolean needsCaller(Operation operation) {
        List<SecurityRequirement> security = operation.getSecurity();
        return security != null && !security.isEmpty()
                && security.stream().noneMatch(r -> r.getSchemes() == null || r.getSchemes().isEmpty());
    }

    private static void add(APIResponses responses, String status, String name) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(name));
        }
    }

    private static void describeShared(Parameter parameter) {
        if ("project".equals(parameter.getName()) && parameter.getDescription() == null) {
            parameter.setDescription("A project's id or name, e.g. `acme-books`.");
        }
        if (parameter.getIn() != Parameter.In.QUERY || parameter.getSchema() == null) {
            return;
        }
        if ("page_size".equals(parameter.getName())) {
            parameter.setDescription("How many items a page holds.");
            parameter.getSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(PageRequest.MAX_SIZE))
                    .defaultValue(PageRequest.DEFAULT_SIZE);
        } else if ("page_token".equals(parameter.getName())) {
            parameter.setDescription("The `next_page_token` of the previous page; absent for the first page.");
        }
    }

    /** OpenAPI 3.1 spells "may be null" {@code "type": ["string", "null"]}, or {@code anyOf} a {@code $ref} and null. */
    private static void allowNulls(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
        properties.replaceAll((name, property) -> required.contains(name) ? property : nullable(property));
        schema.setProperties(properties);
    }

    private static Schema nullable(Schema property) {
        if (property.getRef() != null) {
            Schema wrapper = OASFactory.createSchema().description(property.getDescription())
                    .anyOf(List.of(OASFactory.createSchema().ref(property.getRef()),
                            OASFactory.createSchema().addType(Schema.SchemaType.NULL)));
            wrapper.setDefaultValue(property.getDefaultValue());
            return wrapper;
        }
        if (property.getType() != null && !property.getType().isEmpty()
                && !property.getType().contains(Schema.SchemaType.NULL)) {
            property.addType(Schema.SchemaType.NULL);
            if (property.getEnumeration() != null && !property.getEnumeration().contains(null)) {
                List<Object> values = new ArrayList<>(property.getEnumeration());
                values.add(null);
                property.setEnumeration(values);
            }
        }
        return property;
    }
}
