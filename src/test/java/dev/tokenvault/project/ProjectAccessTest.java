package dev.tokenvault.project;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.Api.Person;
import dev.tokenvault.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every project-scoped endpoint against every kind of caller, over HTTP: the one access decision as the API
 * applies it. A cell is the status the caller must get; a non-member's answer is exactly a missing project's.
 */
@QuarkusTest
class ProjectAccessTest {

    /** The audience the shared test issuer is trusted for (by whichever test registers it first). */
    static final String AUDIENCE = "vault-ci";

    TestIssuer own;

    /** The callers, in the order of the columns below. */
    static final List<String> CALLERS = List.of("owner", "member", "viewer", "stranger", "admin", "key:read",
            "key:write", "key:connect", "key:other", "workload");

    record Fixture(String project, String provider, String connection, Map<String, String> tokens) {
    }

    /** One endpoint: how to call it (given the fixture and a caller's token) and the status per caller. */
    record Endpoint(String name, Function<Fixture, Function<String, Response>> call, int... expected) {
    }

    static RequestSpecification json(String token) {
        return as(token).contentType(ContentType.JSON);
    }

    static List<Endpoint> endpoints() {
        //                                                    own  mem  view strg adm  kRd  kWr  kCon kOth work
        return List.of(
                new Endpoint("GET project", f -> t -> as(t).get("/v1/projects/" + f.project()),
                        200, 200, 200, 404, 200, 200, 200, 200, 404, 200),
                new Endpoint("PATCH project", f -> t -> json(t).body(Map.of("display_name", "Acme"))
                        .patch("/v1/projects/" + f.project()),
                        200, 403, 403, 404, 200, 403, 403, 403, 404, 403),
                new Endpoint("DELETE project (has connections)", f -> t -> as(t).delete("/v1/projects/" + f.project()),
                        409, 403, 403, 404, 409, 403, 403, 403, 404, 403),
                new Endpoint("GET members", f -> t -> as(t).get("/v1/projects/" + f.project() + "/members"),
                        200, 200, 200, 404, 200, 403, 403, 403, 404, 403),
                new Endpoint("PUT member", f -> t -> json(t).body(Map.of("role", "viewer"))
                        .put("/v1/projects/" + f.project() + "/members/" + f.tokens().get("viewer:name")),
                        200, 403, 403, 404, 200, 403, 403, 403, 404, 403),
                new Endpoint("GET connections?project", f -> t -> as(t).get("/v1/connections?project=" + f.project()),
                        200, 200, 200, 404, 200, 200, 200, 403, 404, 200),
                new Endpoint("GET connection", f -> t -> as(t).get("/v1/connections/" + f.connection()),
                        200, 200, 200, 404, 200, 200, 200, 403, 404, 200),
                new Endpoint("GET connection status", f -> t -> as(t).get("/v1/connections/" + f.connection() + "/status"),
                        200, 200, 200, 404, 200, 200, 200, 403, 404, 200),
                new Endpoint("GET connection token", f -> t -> as(t).get("/v1/connections/" + f.connection() + "/token"),
                        200, 200, 403, 404, 403, 200, 403, 403, 404, 200),
                new Endpoint("GET token by subject", f -> t -> as(t).get("/v1/projects/" + f.project() + "/tokens/"
                        + f.provider() + "?subject=company-1"),
                        200, 200, 403, 404, 403, 200, 403, 403, 404, 200),
                new Endpoint("GET status by subject", f -> t -> as(t).get("/v1/projects/" + f.project() + "/status/"
                        + f.provider() + "?subject=company-1"),
                        200, 200, 200, 404, 200, 200, 200, 403, 404, 200),
                new Endpoint("POST connection", f -> t -> json(t).body(Map.of("project", f.project(), "provider",
                        f.provider(), "subject", Api.unique("s"), "access_token", Api.secret("access")))
                        .post("/v1/connections"),
                        201, 201, 403, 404, 403, 403, 201, 403, 404, 403),
                new Endpoint("DELETE connection", f -> t -> as(t).delete("/v1/connections/" + newConnection(f)),
                        204, 204, 403, 404, 403, 403, 204, 403, 404, 403),
                new Endpoint("POST connect session", f -> t -> json(t).body(Map.of("provider", f.provider(),
                        "subject", "company-9")).post("/v1/projects/" + f.project() + "/connect-sessions"),
                        201, 201, 403, 404, 403, 403, 403, 201, 404, 403),
                new Endpoint("GET api keys", f -> t -> as(t).get("/v1/projects/" + f.project() + "/api-keys"),
                        200, 200, 403, 404, 200, 403, 403, 403, 404, 403),
                new Endpoint("POST api key", f -> t -> json(t).body(Map.of("name", "k", "permissions",
                        List.of("tokens:read"))).post("/v1/projects/" + f.project() + "/api-keys"),
                        201, 201, 403, 404, 403, 403, 403, 403, 404, 403),
                new Endpoint("GET audit?project", f -> t -> as(t).get("/v1/audit?project=" + f.project()),
                        200, 200, 200, 404, 200, 403, 403, 403, 404, 403),
                new Endpoint("GET webhooks", f -> t -> as(t).get("/v1/projects/" + f.project() + "/webhooks"),
                        200, 200, 403, 404, 200, 403, 403, 403, 404, 403),
                new Endpoint("POST webhook", f -> t -> json(t).body(Map.of("url", "https://hooks.example.test/h",
                        "events", List.of("*"))).post("/v1/projects/" + f.project() + "/webhooks"),
                        201, 201, 403, 404, 403, 403, 403, 403, 404, 403),
                new Endpoint("POST binding", f -> t -> json(t).body(Map.of("issuer", f.tokens().get("issuer"),
                        "audience", AUDIENCE, "bound_claims", Map.of("tag", Api.unique("t")), "project", f.project()))
                        .post("/v1/bindings"),
                        201, 403, 403, 404, 201, 403, 403, 403, 404, 403));
    }

    /** A throwaway connection of the fixture's project (for the delete row). */
    static String newConnection(Fixture f) {
        return json(f.tokens().get("owner")).body(Map.of("project", f.project(), "provider", f.provider(),
                "subject", Api.unique("gone"), "access_token", Api.secret("access"))).post("/v1/connections").then().statusCode(201).extract().path("id");
    }

    Fixture fixture() {
        Person owner = Api.newPerson();
        Person member = Api.newPerson();
        Person viewer = Api.newPerson();
        Person stranger = Api.newPerson();
        String project = Api.newProject(owner.token());
        Api.addMember(owner.token(), project, member.username(), "member");
        Api.addMember(owner.token(), project, viewer.username(), "viewer");
        String provider = Api.unique("prov");
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("name", provider, "authorize_url",
                "https://oauth.example.test/authorize", "token_url", "https://oauth.example.test/token", "client_id", "c",
                "client_secret", Api.secret("client-secret"), "scopes", List.of("read")))
                .post("/v1/providers").then().statusCode(201);
        String connection = json(owner.token()).body(Map.of("project", project, "provider", provider, "subject",
                "company-1", "access_token", Api.secret("access"), "expires_in", 3600)).post("/v1/connections").then()
                .statusCode(201).extract().path("id");
        Map<String, String> tokens = new HashMap<>();
        tokens.put("owner", owner.token());
        tokens.put("member", member.token());
        tokens.put("viewer", viewer.token());
        tokens.put("viewer:name", viewer.username());
        tokens.put("stranger", stranger.token());
        tokens.put("admin", Api.adminToken());
        tokens.put("key:read", Api.newProjectKey(owner.token(), project, Map.of()));
        tokens.put("key:write", Api.newProjectKey(owner.token(), project, Map.of("permissions",
                List.of("connections:write"))));
        tokens.put("key:connect", Api.newProjectKey(owner.token(), project, Map.of("permissions", List.of("connect"))));
        tokens.put("key:other", Api.newProjectKey(stranger.token(), Api.newProject(stranger.token()), Map.of(
                "permissions", List.of("tokens:read", "connections:write", "connect"))));
        // a workload bound to the project (its owner binds, against an issuer an administrator trusts)
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("issuer", own.issuer(), "audiences",
                List.of(AUDIENCE))).post("/v1/issuers").then().statusCode(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(409)));
        String tag = Api.unique("tag");
        json(owner.token()).body(Map.of("issuer", own.issuer(), "audience", AUDIENCE, "bound_claims", Map.of("tag", tag),
                "project", project)).post("/v1/bindings").then().statusCode(201);
        tokens.put("workload", given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", own.sign(own.claims(AUDIENCE, Map.of("tag", tag))))
                .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .post("/v1/auth/token").then().statusCode(200).extract().path("access_token"));
        tokens.put("issuer", own.issuer());
        return new Fixture(project, provider, connection, tokens);
    }

    @Test
    void everyEndpointAnswersEveryKindOfCallerAsTheDecisionSays() {
        Fixture f = fixture();
        Map<String, List<String>> wrong = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints()) {
            assertThat(endpoint.expected()).as(endpoint.name()).hasSize(CALLERS.size());
            for (int i = 0; i < CALLERS.size(); i++) {
                String caller = CALLERS.get(i);
                Response response = endpoint.call().apply(f).apply(f.tokens().get(caller));
                int expected = endpoint.expected()[i];
                if (response.statusCode() != expected) {
                    wrong.computeIfAbsent(endpoint.name(), k -> new ArrayList<>()).add(caller + ": "
                            + response.statusCode() + " not " + expected + " " + response.asString());
                }
                if (expected == 404) {
                    assertThat(response.asString()).as(endpoint.name() + " " + caller).contains("\"not_found\"");
                }
            }
        }
        assertThat(wrong).isEmpty();
        // a non-member's 404 is exactly a missing project's
        String theirs = as(f.tokens().get("stranger")).get("/v1/projects/" + f.project()).asString();
        String none = as(f.tokens().get("stranger")).get("/v1/projects/" + f.project() + "-missing").asString();
        assertThat(theirs).isEqualTo(none);
    }
}
