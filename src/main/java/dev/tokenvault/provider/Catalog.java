package dev.tokenvault.provider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tokenvault.platform.JsonInput;
import dev.tokenvault.platform.TokenvaultConfig;
import dev.tokenvault.platform.UrlPolicy;
import dev.tokenvault.provider.UrlTemplate.Slot;

/**
 * The provider catalog: the entries shipped in {@code catalog/providers.json}, with the administrator's file
 * ({@code tokenvault.catalog.file}) merged over them (an entry with the same id replaces the shipped one whole, a
 * new id is added). Both are read and every entry checked when the service starts: a broken entry stops it with
 * one line naming the file, the entry and the field.
 */
@ApplicationScoped
public class Catalog {

    private static final Logger LOG = Logger.getLogger(Catalog.class);

    /** The shipped catalog, on the class path (and in the native image). */
    public static final String RESOURCE = "catalog/providers.json";
    static final int MAX_FILE_BYTES = 1024 * 1024;

    static final Pattern ID = Pattern.compile(ProviderService.NAME_PATTERN);
    static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]{1,64}");
    static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");
    static final Pattern PARAMETER_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    static final Pattern AUTHORIZE_PARAM = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    static final Pattern RESPONSE_PATH = Pattern.compile("[A-Za-z0-9_]{1,64}(\\.[A-Za-z0-9_]{1,64}){0,4}");
    /** Authorize parameters the connect flow sets itself. */
    static final Set<String> RESERVED_AUTHORIZE_PARAMS = Set.of("response_type", "client_id", "redirect_uri", "scope",
            "state", "code_challenge", "code_challenge_method");
    /** Callback parameters the connect flow reads itself. */
    static final Set<String> RESERVED_CALLBACK_PARAMS = Set.of("code", "state", "error", "error_description",
            "error_uri", "scope");
    /** Metadata fields must never name a credential. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|secret|password|signature).*");
    static final long MAX_SECONDS = 20L * 365 * 86_400;

    private final Map<String, CatalogEntry> entries;

    public Catalog(TokenvaultConfig config, UrlPolicy urls) {
        List<CatalogEntry> shipped = parse(readResource(), "classpath:" + RESOURCE, url -> UrlPolicy.callable(url, false));
        Optional<String> file = config.catalog().file().filter(f -> !f.isBlank());
        List<CatalogEntry> own = file.map(f -> parse(readFile(f), f, urls::callable)).orElse(List.of());
        this.entries = merge(shipped, own);
        LOG.infof("provider catalog: %d entries%s", entries.size(), file.map(f -> " (" + own.size()
                + " from " + f + ")").orElse(""));
    }

    /** Every entry, in file order (shipped ones first, then the administrator's new ones). */
    public Collection<CatalogEntry> all() {
        return entries.values();
    }

    public Optional<CatalogEntry> find(String id) {
        return Optional.ofNullable(id == null ? null : entries.get(id));
    }

    public int size() {
        return entries.size();
    }

    // ------------------------------------------------------------------------------------------ reading

    /** A catalog file that cannot be used: the message is the one line that says where and why. */
    public static final class Invalid extends IllegalStateException {
        Invalid(String message) {
            super(message, null);
        }
    }

    private static String readResource() {
        try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new Invalid("the provider catalog " + RESOURCE + " is missing from the application");
            }
            return new String(in.readNBytes(MAX_FILE_BYTES + 1), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid("the provider catalog " + RESOURCE + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static String readFile(String file) {
        try {
            Path path = Path.of(file);
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new Invalid("tokenvault.catalog.file " + file + " is larger than 1 MiB");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            if (e instanceof Invalid invalid) {
                throw invalid;
            }
            throw new Invalid("tokenvault.catalog.file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** The entries of the shipped catalog overlaid with an administrator's: same id replaces, a new id is added. */
    static Map<String, CatalogEntry> merge(List<CatalogEntry> shipped, List<CatalogEntry> own) {
        Map<String, CatalogEntry> merged = new LinkedHashMap<>();
        shipped.forEach(e -> merged.put(e.id(), e));
        own.forEach(e -> merged.put(e.id(), e));
        return java.util.Collections.unmodifiableMap(merged);
    }

    static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonInput().customize(mapper);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper;
    }

    /**
     * Reads and checks a catalog file: {@code {"version": 1, "providers": [...]}}.
     *
     * @param source how messages name the file
     * @param callable whether a URL may be called ({@code platform.UrlPolicy}); the shipped file must be https
     * @throws Invalid naming the file, the entry and the field
     */
    static List<CatalogEntry> parse(String json, String source, Predicate<String> callable) {
        ObjectMapper mapper = mapper();
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new Invalid(source + ": not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new Invalid(source + ": must be a JSON object {\"version\": 1, \"providers\": [...]}");
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!field.equals("version") && !field.equals("providers")) {
                throw new Invalid(source + ": unknown field '" + field + "'");
            }
        });
        if (!root.path("version").isInt() || root.path("version").intValue() != 1) {
            throw new Invalid(source + ": field 'version' must be 1");
        }
        JsonNode list = root.path("providers");
        if (!list.isArray()) {
            throw new Invalid(source + ": field 'providers' must be a list");
        }
        List<CatalogEntry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String id = node.path("id").isTextual() ? node.path("id").textValue() : null;
            String where = source + ": catalog entry " + (id == null ? "#" + (i + 1) : "'" + clip(id) + "'");
            if (!node.isObject()) {
                throw new Invalid(where + ": must be a JSON object");
            }
            CatalogEntry entry;
            try {
                entry = mapper.treeToValue((ObjectNode) node, CatalogEntry.class);
            } catch (UnrecognizedPropertyException e) {
                throw new Invalid(where + ": unknown field '" + path(e) + "'");
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new Invalid(where + ": field '" + (e instanceof JsonMappingException m ? path(m) : "?")
                        + "' has the wrong type");
            }
            try {
                entry = checked(entry, callable);
            } catch (Refused e) {
                throw new Invalid(where + ": field '" + e.field + "' " + e.getMessage());
            }
            if (!ids.add(entry.id())) {
                throw new Invalid(where + ": the id appears twice");
            }
            entries.add(entry);
        }
        return entries;
    }

    private static String path(JsonMappingException e) {
        String joined = e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                : "[" + ref.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
        return joined.isEmpty() ? "?" : clip(joined);
    }

    private static String clip(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "…";
    }

    // ----------------------------------------------------------------------------------------- checking

    /** A field of an entry that is wrong; {@code getMessage()} says how. */
    static final class Refused extends RuntimeException {
        final String field;

        Refused(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    /** The entry with every field checked, and absent lists and maps made empty. */
    static CatalogEntry checked(CatalogEntry e, Predicate<String> callable) {
        String id = require(e.id(), "id");
        if (!ID.matcher(id).matches()) {
            throw new Refused("id", "may hold lower-case letters, digits and . _ - only (at most 64)");
        }
        text(require(e.displayName(), "display_name"), "display_name", 200);
        String kind = require(e.kind(), "kind");
        boolean oauth = CatalogEntry.OAUTH2.equals(kind);
        if (!oauth && !CatalogEntry.API_KEY.equals(kind)) {
            throw new Refused("kind", "must be oauth2 or api_key");
        }
        url(require(e.docsUrl(), "docs_url"), "docs_url", callable, Map.of());
        if (e.notes() != null) {
            text(e.notes(), "notes", 2000);
        }
        List<CatalogEntry.Parameter> parameters = e.parameters() == null ? List.of() : e.parameters();
        Map<String, CatalogEntry.Parameter> declared = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            CatalogEntry.Parameter p = parameters.get(i);
            String field = "parameters[" + i + "]";
            if (p == null || p.name() == null || !PARAMETER_NAME.matcher(p.name()).matches()) {
                throw new Refused(field + ".name", "must be lower-case letters, digits and _ (at most 32)");
            }
            text(require(p.description(), field + ".description"), field + ".description", 500);
            if (p.example() != null) {
                text(p.example(), field + ".example", 500);
            }
            if (declared.put(p.name(), p) != null) {
                throw new Refused(field + ".name", "names '" + p.name() + "' twice");
            }
        }
        Map<String, Slot> used = new LinkedHashMap<>();
        if (oauth) {
            if (e.discoveryUrl() == null) {
                url(require(e.tokenUrl(), "token_url"), "token_url", callable, used);
                url(require(e.authorizeUrl(), "authorize_url"), "authorize_url", callable, used);
            } else {
                url(e.discoveryUrl(), "discovery_url", callable, used);
                optionalUrl(e.tokenUrl(), "token_url", callable, used);
                optionalUrl(e.authorizeUrl(), "authorize_url", callable, used);
            }
            optionalUrl(e.revocationUrl(), "revocation_url", callable, used);
            String method = require(e.authMethod(), "auth_method");
            if (!ProviderService.AUTH_METHODS.contains(method)) {
                throw new Refused("auth_method", "must be client_secret_basic or client_secret_post");
            }
        } else {
            for (var field : Map.of("token_url", e.tokenUrl() == null ? "" : e.tokenUrl(), "authorize_url",
                    e.authorizeUrl() == null ? "" : e.authorizeUrl(), "revocation_url",
                    e.revocationUrl() == null ? "" : e.revocationUrl(), "discovery_url",
                    e.discoveryUrl() == null ? "" : e.discoveryUrl(), "auth_method",
                    e.authMethod() == null ? "" : e.authMethod()).entrySet()) {
                if (!field.getValue().isEmpty()) {
                    throw new Refused(field.getKey(), "does not apply to an api_key entry");
                }
            }
            if (e.refreshToken() != null || e.tokenResponsePath() != null) {
                throw new Refused(e.refreshToken() != null ? "refresh_token" : "token_response_path",
                        "does not apply to an api_key entry");
            }
        }
        List<String> scopes = e.defaultScopes() == null ? List.of() : e.defaultScopes();
        for (String scope : scopes) {
            if (scope == null || scope.isBlank() || scope.length() > 256 || scope.chars().anyMatch(c -> c <= ' ')) {
                throw new Refused("default_scopes", "holds an empty or malformed scope");
            }
        }
        List<String> quirks = words(e.quirks(), "quirks", Pattern.compile("[a-z0-9_]{1,64}"));
        for (String quirk : quirks) {
            if (Quirk.of(quirk).isEmpty()) {
                throw new Refused("quirks", "names an unknown quirk '" + quirk + "' (known: " + java.util.Arrays
                        .stream(Quirk.values()).map(Quirk::wireName).collect(Collectors.joining(", ")) + ")");
            }
        }
        String separator = e.scopeSeparator();
        if (separator == null) {
            separator = quirks.contains(Quirk.SCOPE_COMMA_SEPARATED.wireName()) ? "," : " ";
        } else if (!separator.equals(" ") && !separator.equals(",")) {
            throw new Refused("scope_separator", "must be \" \" or \",\"");
        } else if (separator.equals(" ") && quirks.contains(Quirk.SCOPE_COMMA_SEPARATED.wireName())) {
            throw new Refused("scope_separator", "contradicts the quirk scope_comma_separated");
        }
        Map<String, String> authorizeParams = e.authorizeParams() == null ? Map.of() : e.authorizeParams();
        for (var param : authorizeParams.entrySet()) {
            if (!AUTHORIZE_PARAM.matcher(param.getKey()).matches()
                    || RESERVED_AUTHORIZE_PARAMS.contains(param.getKey())) {
                throw new Refused("authorize_params", "holds a parameter name that is malformed or set by the "
                        + "connect flow itself");
            }
            text(param.getValue(), "authorize_params." + param.getKey(), 512);
        }
        positive(e.accessTokenLifetimeSeconds(), "access_token_lifetime_seconds");
        CatalogEntry.RefreshToken refresh = e.refreshToken();
        if (refresh != null) {
            positive(refresh.inactivitySeconds(), "refresh_token.inactivity_seconds");
            positive(refresh.lifetimeSeconds(), "refresh_token.lifetime_seconds");
            if (refresh.expiresInField() != null && !WORD.matcher(refresh.expiresInField()).matches()) {
                throw new Refused("refresh_token.expires_in_field", "must be a field name");
            }
        }
        List<String> reauthErrors = words(e.reauthErrors(), "reauth_errors", ERROR_CODE);
        if (e.tokenResponsePath() != null && !RESPONSE_PATH.matcher(e.tokenResponsePath()).matches()) {
            throw new Refused("token_response_path", "must be field names joined by '.'");
        }
        List<String> metadataFields = words(e.metadataFields(), "metadata_fields", WORD);
        for (String field : metadataFields) {
            if (SECRET_NAME.matcher(field).matches()) {
                throw new Refused("metadata_fields", "names '" + field + "', which may hold a credential");
            }
        }
        List<String> callbackParams = words(e.callbackParams(), "callback_params", WORD);
        for (String param : callbackParams) {
            if (RESERVED_CALLBACK_PARAMS.contains(param) || SECRET_NAME.matcher(param).matches()) {
                throw new Refused("callback_params", "names '" + param + "', which the connect flow reads itself "
                        + "or which may hold a credential");
            }
        }
        CatalogEntry.Validation validation = e.validation();
        if (validation != null) {
            String method = require(validation.method(), "validation.method");
            if (!Set.of("GET", "HEAD", "POST").contains(method)) {
                throw new Refused("validation.method", "must be GET, HEAD or POST");
            }
            url(require(validation.url(), "validation.url"), "validation.url", callable, used);
            checkAuth(require(validation.auth(), "validation.auth"));
            List<Integer> valid = validation.validStatus();
            if (valid == null || valid.isEmpty() || valid.stream().anyMatch(s -> s == null || s < 200 || s > 399)) {
                throw new Refused("validation.valid_status", "must list HTTP statuses from 200 to 399");
            }
        } else if (!oauth) {
            throw new Refused("validation", "is required for an api_key entry (how else would a key be checked?)");
        }
        for (String name : used.keySet()) {
            if (!declared.containsKey(name)) {
                throw new Refused("parameters", "does not declare {" + name + "}, which a URL uses");
            }
        }
        for (CatalogEntry.Parameter p : declared.values()) {
            Slot slot = used.get(p.name());
            if (slot == null) {
                throw new Refused("parameters", "declares '" + p.name() + "', which no URL uses");
            }
            if (p.defaultValue() != null && UrlTemplate.fits(slot, p.defaultValue(), callable) == null) {
                throw new Refused("parameters." + p.name() + ".default", "must be " + slot.expected);
            }
        }
        return new CatalogEntry(id, e.displayName(), kind, e.authorizeUrl(), e.tokenUrl(), e.revocationUrl(),
                e.discoveryUrl(), e.authMethod(), List.copyOf(scopes), separator, List.copyOf(parameters),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(authorizeParams)), e.pkce(),
                e.accessTokenLifetimeSeconds(), refresh, quirks, reauthErrors, e.tokenResponsePath(), metadataFields,
                callbackParams, validation, e.docsUrl(), e.notes());
    }

    /** {@code bearer}, or {@code header:<Name>}. */
    static void checkAuth(String auth) {
        if (auth.equals("bearer")) {
            return;
        }
        if (auth.startsWith("header:") && HEADER_NAME.matcher(auth.substring("header:".length())).matches()
                && !auth.substring("header:".length()).equalsIgnoreCase("host")) {
            return;
        }
        throw new Refused("validation.auth", "must be bearer or header:<Name>");
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new Refused(field, "is required");
        }
        return value;
    }

    private static void text(String value, String field, int max) {
        if (value.length() > max) {
            throw new Refused(field, "is longer than " + max + " characters");
        }
        if (value.chars().anyMatch(c -> c < ' ' && c != '\n')) {
            throw new Refused(field, "holds control characters");
        }
    }

    private static void positive(Long seconds, String field) {
        if (seconds != null && (seconds <= 0 || seconds > MAX_SECONDS)) {
            throw new Refused(field, "must be a number of seconds from 1 to " + MAX_SECONDS);
        }
    }

    private static List<String> words(List<String> values, String field, Pattern pattern) {
        if (values == null) {
            return List.of();
        }
        for (String value : values) {
            if (value == null || !pattern.matcher(value).matches()) {
                throw new Refused(field, "holds a malformed name");
            }
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw new Refused(field, "names something twice");
        }
        return List.copyOf(values);
    }

    private static void optionalUrl(String template, String field, Predicate<String> callable, Map<String, Slot> used) {
        if (template != null) {
            url(template, field, callable, used);
        }
    }

    /** A URL template: well-shaped, and callable once sample values are put in; records the parameters it uses. */
    private static void url(String template, String field, Predicate<String> callable, Map<String, Slot> used) {
        if (template.length() > 2048) {
            throw new Refused(field, "is longer than 2048 characters");
        }
        Map<String, Slot> slots;
        try {
            slots = UrlTemplate.slots(template);
        } catch (IllegalArgumentException e) {
            throw new Refused(field, e.getMessage());
        }
        Map<String, String> samples = new LinkedHashMap<>();
        slots.forEach((name, slot) -> samples.put(name, slot.sample()));
        if (!callable.test(UrlTemplate.fill(template, samples))) {
            throw new Refused(field, "must be an https URL");
        }
        for (var slot : slots.entrySet()) {
            Slot before = used.putIfAbsent(slot.getKey(), slot.getValue());
            if (before != null && before != slot.getValue()) {
                throw new Refused(field, "uses {" + slot.getKey() + "} in another kind of place than another URL");
            }
        }
    }
}
