package dev.tokenvault.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenvault.Api;
import dev.tokenvault.NodePackages;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The OpenAPI document is the HTTP contract in machine form: other languages generate their clients from it. It is
 * linted by Redocly CLI (an OpenAPI validator nobody here wrote, pinned in {@code src/test/openapi-validator}), and
 * checked here for what a generated client needs and what the document once got wrong: no framework types, an id,
 * a summary and a human tag on every operation, typed parameters, response schemas, the
 * {@code application/problem+json} errors of every {@code /v1} operation, and the three ways to authenticate.
 * Nothing in it is inferred from Java names, so a missing annotation fails here.
 */
@QuarkusTest
class OpenApiContractTest {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    static final String PROBLEM = "application/problem+json";

    static JsonNode document;
    static String text;

    @BeforeAll
    static void fetch() throws IOException {
        text = Api.management().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        document = new ObjectMapper().readTree(text);
    }

    @Test
    void redoclyFindsNothingWrong() throws Exception {
        Path dir = NodePackages.install("openapi-validator");
        Files.writeString(dir.resolve("openapi.json"), text, StandardCharsets.UTF_8);
        ProcessBuilder lint = new ProcessBuilder("node", "node_modules/@redocly/cli/bin/cli.js", "lint", "openapi.json",
                "--format=stylish").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("lint.log").toFile());
        lint.environment().putAll(Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true",
                "NO_COLOR", "1"));
        Process process = lint.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("redocly lint finished").isTrue();
        String report = Files.readString(dir.resolve("lint.log"));
        assertThat(process.exitValue()).as("redocly lint of the OpenAPI document:\n%s", report).isZero();
        assertThat(report).contains("Your API description is valid");
    }

    @Test
    void noFrameworkTypeOrJavaNameLeaks() {
        // (not assertThat(text): a failure would print the whole document, whose examples .ci/run takes for secrets)
        for (String leak : List.of("HttpServerRequest", "MultivaluedMap", "Resource\"")) {
            assertThat(text.contains(leak)).as("the document mentions %s", leak).isFalse();
        }
        assertThat(names(document.path("paths"))).allSatisfy(path -> assertThat(path)
                .as("the browser UI is not part of the API").doesNotStartWith("/ui").isNotEqualTo("/"));
        document.path("components").path("schemas").forEach(schema -> assertThat(names(schema.path("properties")))
                .allSatisfy(property -> assertThat(property).as("property names are as Jackson writes them")
                        .matches("[a-z][a-z0-9_]*")));
    }

    @Test
    void everyOperationHasAnIdASummaryAndAHumanTag() {
        Map<String, String> tags = new HashMap<>();
        document.path("tags").forEach(tag -> tags.put(tag.path("name").asText(), tag.path("description").asText()));
        Set<String> ids = new HashSet<>();
        operations((where, operation) -> {
            String id = operation.path("operationId").asText("");
            assertThat(id).as("operationId of %s", where).matches("[a-z][A-Za-z]+");
            assertThat(ids.add(id)).as("%s is unique", id).isTrue();
            assertThat(operation.path("summary").asText("")).as("summary of %s", where).hasSizeGreaterThan(5)
                    .doesNotEndWith(".");
            assertThat(operation.path("tags")).as("tags of %s", where).hasSize(1);
            String tag = operation.path("tags").get(0).asText();
            assertThat(tags).as("tag %s of %s is declared", tag, where).containsKey(tag);
            assertThat(tag).doesNotContain("Resource");
            assertThat(tags.get(tag)).as("description of tag %s", tag).isNotBlank();
        });
        assertThat(ids).contains("login", "logout", "exchangeToken", "getToken", "getProjectToken", "createConnection",
                "listConnections", "getConnection", "deleteConnection", "createConnectSession", "oauthCallback");
        assertThat(tags).containsKeys("Authentication", "Connections", "Tokens", "Connect", "Projects", "API keys");
    }

    @Test
    void everyV1OperationDeclaresItsProblemResponses() {
        operations((where, operation) -> {
            if (!where.contains(" /v1/")) {
                return;
            }
            JsonNode responses = operation.path("responses");
            assertThat(names(responses)).as("responses of %s", where).anyMatch(code -> code.matches("2\\d\\d"))
                    .anyMatch(code -> code.matches("4\\d\\d")).contains("default");
            responses.properties().forEach(response -> {
                if (!response.getKey().startsWith("2") && !response.getKey().startsWith("3")) {
                    JsonNode content = resolve(response.getValue()).path("content");
                    assertThat(names(content)).as("%s %s is a problem document", where, response.getKey())
                            .contains(PROBLEM);
                    assertThat(resolve(content.path(PROBLEM).path("schema")).path("required"))
                            .extracting(JsonNode::asText).as("%s %s", where, response.getKey())
                            .contains("type", "title", "status", "code");
                }
            });
            if (!operation.path("security").isEmpty()
                    && !operation.path("security").toString().contains("{}")) {
                assertThat(names(responses)).as("a caller is needed for %s", where).contains("401", "403");
            }
            if (where.contains("{")) {
                assertThat(names(responses)).as("%s names something", where).contains("404");
            }
            if (!operation.path("requestBody").isMissingNode()) {
                assertThat(names(responses)).as("%s takes a body", where).contains("400", "413");
            }
        });
    }

    @Test
    void theTokenEndpointsAreTypedAndDescribeTheirFailures() {
        for (String id : List.of("getToken", "getProjectToken")) {
            JsonNode operation = operation(id);
            assertThat(operation.path("requestBody").isMissingNode()).as("%s has no request body", id).isTrue();
            JsonNode minTtl = parameter(operation, "min_ttl");
            assertThat(minTtl.path("in").asText()).isEqualTo("query");
            assertThat(minTtl.path("schema").path("type").asText()).isEqualTo("integer");
            assertThat(minTtl.path("schema").path("default").asInt()).isEqualTo(60);
            assertThat(minTtl.path("schema").path("minimum").asInt()).isZero();
            assertThat(parameter(operation, "force_refresh").path("schema").path("type").asText()).isEqualTo("boolean");
            assertThat(parameter(operation, "X-App-Name").path("in").asText()).isEqualTo("header");

            JsonNode ok = resolve(operation.path("responses").path("200"));
            JsonNode schema = resolve(ok.path("content").path("application/json").path("schema"));
            assertThat(names(schema.path("properties"))).contains("access_token", "token_type", "expires_at",
                    "expires_in", "scopes");
            assertThat(schema.path("required")).extracting(JsonNode::asText).contains("access_token");
            assertThat(ok.path("content").path("application/json").path("examples")).as("example of %s", id)
                    .isNotEmpty();

            JsonNode responses = operation.path("responses");
            assertThat(resolve(responses.path("409")).toString()).contains("needs_reauth");
            for (String code : List.of("429", "503")) {
                assertThat(names(resolve(responses.path(code)).path("headers"))).as("%s %s", id, code)
                        .contains("Retry-After");
            }
            assertThat(resolve(responses.path("429")).toString()).contains("rate_limited");
            assertThat(resolve(responses.path("503")).toString()).contains("provider_unavailable");
        }
        assertThat(resolve(parameter(operation("getToken"), "id").path("schema")).path("format").asText())
                .isEqualTo("uuid");
        assertThat(parameter(operation("getProjectToken"), "subject").path("in").asText()).isEqualTo("query");
    }

    @Test
    void theMainCallsHaveExamples() {
        for (String id : List.of("login", "createConnection", "exchangeToken")) {
            JsonNode body = operation(id).path("requestBody").path("content");
            assertThat(body.path("application/json").path("examples")).as("request example of %s", id).isNotEmpty();
        }
        assertThat(names(operation("exchangeToken").path("requestBody").path("content")))
                .as("the token exchange takes what OAuth clients send")
                .contains("application/x-www-form-urlencoded", "application/json");
        assertThat(names(resolve(operation("exchangeToken").path("requestBody").path("content")
                .path("application/x-www-form-urlencoded").path("schema")).path("properties")))
                .contains("grant_type", "subject_token", "subject_token_type");
        for (String id : List.of("login", "exchangeToken")) {
            assertThat(operation(id).path("responses").path("200").path("content").path("application/json")
                    .path("examples")).as("answer example of %s", id).isNotEmpty();
        }
        assertThat(operation("createConnection").path("responses").path("201").path("content")
                .path("application/json").path("examples")).isNotEmpty();
    }

    @Test
    void threeWaysToAuthenticate() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(names(schemes)).containsExactlyInAnyOrder("bearerJwt", "apiKey", "sessionCookie");
        assertThat(schemes.path("bearerJwt").path("type").asText()).isEqualTo("http");
        assertThat(schemes.path("bearerJwt").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("bearerJwt").path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(schemes.path("apiKey").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("apiKey").path("bearerFormat").asText()).startsWith("tvk_");
        assertThat(schemes.path("sessionCookie").path("in").asText()).isEqualTo("cookie");
        assertThat(schemes.path("sessionCookie").path("name").asText()).isEqualTo("__Host-tv_session");
        assertThat(schemes.path("sessionCookie").path("description").asText()).contains("X-CSRF-Token");

        assertThat(operation("getToken").path("security").toString())
                .contains("bearerJwt", "apiKey", "sessionCookie");
        assertThat(operation("createUser").path("security").toString()).as("users only")
                .contains("bearerJwt").doesNotContain("apiKey");
        assertThat(operation("login").path("security").toString()).isEqualTo("[{}]");
        assertThat(operation("exchangeToken").path("security").toString()).isEqualTo("[{}]");
    }

    @Test
    void theSwaggerUiIsOnTheManagementInterfaceOnly() {
        Api.management().when().get("/q/swagger-ui/").then().statusCode(200)
                .body(containsString("swagger-ui")).body(containsString("/q/openapi"));
        Api.quiet().when().get("/q/swagger-ui/").then().statusCode(404);
        Api.quiet().when().get("/q/openapi").then().statusCode(404);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void operations(BiConsumer<String, JsonNode> check) {
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) {
                check.accept(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }));
    }

    private static JsonNode operation(String id) {
        List<JsonNode> found = new ArrayList<>();
        operations((where, operation) -> {
            if (id.equals(operation.path("operationId").asText())) {
                found.add(operation);
            }
        });
        assertThat(found).as("operation %s", id).hasSize(1);
        return found.get(0);
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (name.equals(parameter.path("name").asText())) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + operation.path("operationId").asText());
    }

    /** Follows a local {@code $ref} ({@code #/components/...}). */
    private static JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        if (ref == null) {
            return node;
        }
        return resolve(document.at(ref.substring(1)));
    }

    private static List<String> names(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }
}
