package dev.tokenvault;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * What the HTTP tests share: logging in, arranging users, providers and connections with unique names (so
 * every test arranges its own data and tests run in any order), and a direct JDBC look at the database.
 */
public final class Api {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-test-password";

    private Api() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh secret-looking value with a marker the log and dump scans look for. */
    public static String secret(String kind) {
        return "tvtest-" + kind + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * A request that is never logged, not even when a validation fails (Quarkus turns that logging on): the
     * log would carry the bearer JWT and the tokens in the body, and .ci/run fails on any secret in a report.
     */
    public static RequestSpecification quiet() {
        return given().config(RestAssured.config().logConfig(LogConfig.logConfig()));
    }

    public static String login(String username, String password) {
        return quiet().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .when().post("/v1/auth/login")
                .then().statusCode(200).extract().path("access_token");
    }

    public static String adminToken() {
        return login(ADMIN, ADMIN_PASSWORD);
    }

    /** A request to the management interface (health, metrics, OpenAPI), never logged. */
    public static RequestSpecification management() {
        return quiet().port(ManagementPortResource.port());
    }

    public static RequestSpecification as(String token) {
        return quiet().header("Authorization", "Bearer " + token);
    }

    /** Creates a user with the given roles and returns its JWT. */
    public static String newUser(String... roles) {
        String username = unique("user");
        String password = secret("password");
        as(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password, "roles", List.of(roles.length == 0 ? new String[] { "user" } : roles)))
                .when().post("/v1/users").then().statusCode(201);
        return login(username, password);
    }

    /** A user created for a test: their name, id and a JWT. */
    public record Person(String username, String id, String token) {
    }

    /** Creates a user with the given roles and returns who they are, signed in. */
    public static Person newPerson(String... roles) {
        String username = unique("user");
        String password = secret("password");
        String id = as(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password, "roles", List.of(roles.length == 0 ? new String[] { "user" } : roles)))
                .when().post("/v1/users").then().statusCode(201).extract().path("id");
        return new Person(username, id, login(username, password));
    }

    /** Creates a team project owned by {@code owner} and returns its name. */
    public static String newProject(String owner) {
        String name = unique("team").toLowerCase();
        as(owner).contentType(ContentType.JSON).body(Map.of("name", name)).when().post("/v1/projects").then()
                .statusCode(201);
        return name;
    }

    /** Gives {@code username} the role in the project (as its owner). */
    public static void addMember(String owner, String project, String username, String role) {
        as(owner).contentType(ContentType.JSON).body(Map.of("role", role))
                .when().put("/v1/projects/" + project + "/members/" + username).then().statusCode(200);
    }

    /** Creates an API key of the project with these permissions and returns the key. */
    public static String newProjectKey(String owner, String project, Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(fields);
        body.putIfAbsent("name", unique("key"));
        body.putIfAbsent("permissions", List.of("tokens:read"));
        return as(owner).contentType(ContentType.JSON).body(body).when().post("/v1/projects/" + project + "/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    /** Registers a provider and returns its name. */
    public static String newProvider() {
        String name = unique("prov");
        as(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "token_url", "https://oauth.example.test/token", "client_id", "client-" + name,
                        "client_secret", secret("client-secret"), "scopes", List.of("read", "write")))
                .when().post("/v1/providers").then().statusCode(201);
        return name;
    }

    /** Registers a provider backed by the {@link TestTokenEndpoint} and returns its name. */
    public static String newTestEndpointProvider(String authMethod, boolean withRevocation) {
        TestTokenEndpoint endpoint = TestTokenEndpoint.get();
        String name = unique("oauth");
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "token_url", endpoint.tokenUrl(),
                "client_id", TestTokenEndpoint.CLIENT_ID, "client_secret", TestTokenEndpoint.CLIENT_SECRET,
                "auth_method", authMethod, "refresh_skew_seconds", 60));
        if (withRevocation) {
            body.put("revocation_url", endpoint.revocationUrl());
        }
        as(adminToken()).contentType(ContentType.JSON).body(body).when().post("/v1/providers").then().statusCode(201);
        return name;
    }

    /** Stores a connection for the token's user and returns its id. */
    public static String newConnection(String token, String provider, Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(fields);
        body.putIfAbsent("provider", provider);
        body.putIfAbsent("external_account", unique("acct"));
        body.putIfAbsent("access_token", secret("access"));
        return as(token).contentType(ContentType.JSON).body(body)
                .when().post("/v1/connections").then().statusCode(201).extract().path("id");
    }

    /**
     * The value of a Prometheus meter at {@code /q/metrics}: the sum over every series of {@code name} whose labels
     * contain all of {@code labels} (each as {@code key="value"}); 0 when there is none.
     */
    public static double meter(String name, String... labels) {
        String text = management().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + " ") || line.startsWith(name + "{"))) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            if (java.util.Arrays.stream(labels).allMatch(series::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    public static Connection jdbc() throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres");
        String password = config.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        return DriverManager.getConnection(url, user, password);
    }

    public static long count(String sql) {
        try (Connection db = jdbc(); Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String sql) {
        try (Connection db = jdbc(); Statement st = db.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
