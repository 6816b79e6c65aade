package dev.tokenvault.project;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.Api.Person;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Projects and members: who owns connections, and who may do what with them. */
@QuarkusTest
class ProjectsTest {

    @Test
    void aProjectIsCreatedByItsFirstOwnerAndFoundByNameOrId() {
        Person owner = Api.newPerson();
        String name = Api.unique("acme").toLowerCase();
        String id = as(owner.token()).contentType(ContentType.JSON).body(Map.of("name", name, "display_name", "Acme"))
                .post("/v1/projects").then().statusCode(201).body("name", equalTo(name)).body("role", equalTo("owner"))
                .body("personal", equalTo(false)).extract().path("id");
        as(owner.token()).get("/v1/projects/" + name).then().statusCode(200).body("id", equalTo(id))
                .body("display_name", equalTo("Acme"));
        as(owner.token()).get("/v1/projects/" + id).then().statusCode(200).body("name", equalTo(name));
        as(owner.token()).get("/v1/projects").then().statusCode(200)
                .body("items.name", hasItem(name)).body("items.name", hasItem("~" + owner.username()));
        as(owner.token()).get("/v1/projects/" + name + "/members").then().statusCode(200)
                .body("items.username", equalTo(List.of(owner.username()))).body("items[0].role", equalTo("owner"));
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/projects").then()
                .statusCode(409).body("code", equalTo("conflict"));
        // everyone else learns nothing: the same answer as for a project that does not exist
        Person stranger = Api.newPerson();
        String theirs = as(stranger.token()).get("/v1/projects/" + name).then().statusCode(404).extract().asString();
        String none = as(stranger.token()).get("/v1/projects/no-such-" + name).then().statusCode(404).extract().asString();
        assertThat(theirs).isEqualTo(none);
        as(stranger.token()).get("/v1/projects").then().body("items.name", not(hasItem(name)));
        // an administrator sees every project
        as(Api.adminToken()).get("/v1/projects?page_size=500").then().body("items.name", hasItem(name));
        as(Api.adminToken()).get("/v1/projects/" + name).then().statusCode(200).body("role", nullValue());
    }

    @Test
    void badProjectInputIsRefusedAndChangesNothing() {
        Person owner = Api.newPerson();
        for (Object bad : List.of("ab", "Acme", "a_b", "x".repeat(64), "~mine", "acme\u0000x", "acme corp", 42, "")) {
            as(owner.token()).contentType(ContentType.JSON).body(Map.of("name", bad)).post("/v1/projects").then()
                    .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_request"));
        }
        String project = Api.newProject(owner.token());
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("allowed_return_urls", List.of("javascript:x")))
                .patch("/v1/projects/" + project).then().statusCode(400).body("detail", containsString("allowed_return_urls"));
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("display_name", "Acme\nInc"))
                .patch("/v1/projects/" + project).then().statusCode(400);
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("role", "king"))
                .put("/v1/projects/" + project + "/members/" + Api.newPerson().username()).then().statusCode(400)
                .body("detail", containsString("'role'"));
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("role", "member"))
                .put("/v1/projects/" + project + "/members/nobody-" + UUID.randomUUID()).then().statusCode(404);
        as(owner.token()).get("/v1/projects/" + project + "/members").then().body("items.size()", equalTo(1));
        as(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("display_name", "Acme", "allowed_return_urls", List.of("https://app.example.com/cb*")))
                .patch("/v1/projects/" + project).then().statusCode(200).body("display_name", equalTo("Acme"))
                .body("allowed_return_urls", equalTo(List.of("https://app.example.com/cb*")));
    }

    @Test
    void aProjectAlwaysKeepsAnOwner() {
        Person first = Api.newPerson();
        Person second = Api.newPerson();
        String project = Api.newProject(first.token());
        String members = "/v1/projects/" + project + "/members/";
        as(first.token()).contentType(ContentType.JSON).body(Map.of("role", "member")).put(members + first.username())
                .then().statusCode(409);
        as(first.token()).delete(members + first.username()).then().statusCode(409);
        Api.addMember(first.token(), project, second.username(), "member");
        // a member does not manage members
        as(second.token()).contentType(ContentType.JSON).body(Map.of("role", "owner")).put(members + second.username())
                .then().statusCode(403);
        Api.addMember(first.token(), project, second.id(), "owner"); // by id works as well as by name
        as(first.token()).delete(members + first.username()).then().statusCode(204); // now the first may leave
        as(first.token()).get("/v1/projects/" + project).then().statusCode(404);
        as(second.token()).get("/v1/projects/" + project + "/members").then()
                .body("items.username", equalTo(List.of(second.username())));
        // and the last owner cannot be deleted as a user while the project needs them
        as(Api.adminToken()).delete("/v1/users/" + second.id()).then().statusCode(409)
                .body("detail", containsString(project));
    }

    @Test
    void aPersonalProjectHasOnlyItsUserAndGoesWithThem() {
        Person alice = Api.newPerson();
        String personal = "~" + alice.username();
        as(alice.token()).get("/v1/projects/" + personal).then().statusCode(200).body("personal", equalTo(true))
                .body("role", equalTo("owner"));
        as(alice.token()).contentType(ContentType.JSON).body(Map.of("role", "member"))
                .put("/v1/projects/" + personal + "/members/" + Api.newPerson().username()).then().statusCode(409);
        as(alice.token()).delete("/v1/projects/" + personal).then().statusCode(409);
        // connections made without a project land in it
        String id = Api.newConnection(alice.token(), Api.newProvider(), Map.of());
        String projectId = as(alice.token()).get("/v1/projects/" + personal).then().extract().path("id");
        as(alice.token()).get("/v1/connections/" + id).then().body("project", equalTo(projectId));
    }

    @Test
    void deletingAUserKeepsTheTeamsConnectionsAndRemovesTheirOwn() {
        Person owner = Api.newPerson();
        Person leaver = Api.newPerson();
        String project = Api.newProject(owner.token());
        Api.addMember(owner.token(), project, leaver.username(), "member");
        String provider = Api.newProvider();
        String team = as(leaver.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider",
                provider, "subject", "company-1", "access_token", Api.secret("access"))).post("/v1/connections").then()
                .statusCode(201).body("owner", equalTo(leaver.id())).extract().path("id");
        String own = Api.newConnection(leaver.token(), provider, Map.of());
        String key = Api.newProjectKey(leaver.token(), project, Map.of());

        as(Api.adminToken()).delete("/v1/users/" + leaver.id()).then().statusCode(204);
        as(owner.token()).get("/v1/connections/" + team).then().statusCode(200).body("owner", nullValue());
        as(owner.token()).get("/v1/connections/" + team + "/token").then().statusCode(200);
        assertThat(Api.count("SELECT count(*) FROM connections WHERE id = '" + own + "'")).isZero();
        assertThat(Api.count("SELECT count(*) FROM projects WHERE name = '~" + leaver.username() + "'")).isZero();
        // the key they made belongs to the project and keeps working
        as(key).get("/v1/connections/" + team + "/token").then().statusCode(200);
        as(owner.token()).get("/v1/projects/" + project + "/members").then()
                .body("items.username", equalTo(List.of(owner.username())));
    }

    @Test
    void aProjectWithConnectionsIsNotDeleted() {
        Person owner = Api.newPerson();
        String project = Api.newProject(owner.token());
        String id = as(owner.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider",
                Api.newProvider(), "access_token", Api.secret("access"))).post("/v1/connections").then()
                .statusCode(201).extract().path("id");
        Person member = Api.newPerson();
        Api.addMember(owner.token(), project, member.username(), "member");
        as(member.token()).delete("/v1/projects/" + project).then().statusCode(403);
        as(owner.token()).delete("/v1/projects/" + project).then().statusCode(409).body("detail", containsString("1 connection"));
        as(owner.token()).delete("/v1/connections/" + id).then().statusCode(204);
        as(owner.token()).delete("/v1/projects/" + project).then().statusCode(204);
        as(owner.token()).get("/v1/projects/" + project).then().statusCode(404);
    }

    @Test
    void rolesDecideWhatMembersMayDoWithConnections() {
        Person owner = Api.newPerson();
        Person member = Api.newPerson();
        Person viewer = Api.newPerson();
        Person stranger = Api.newPerson();
        String project = Api.newProject(owner.token());
        Api.addMember(owner.token(), project, member.username(), "member");
        Api.addMember(owner.token(), project, viewer.username(), "viewer");
        String provider = Api.newProvider();
        String id = as(member.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider",
                provider, "access_token", Api.secret("access"), "expires_in", 3600)).post("/v1/connections").then()
                .statusCode(201).extract().path("id");

        as(owner.token()).get("/v1/connections/" + id + "/token").then().statusCode(200);
        as(member.token()).get("/v1/connections/" + id + "/token").then().statusCode(200);
        as(viewer.token()).get("/v1/connections/" + id).then().statusCode(200);
        as(viewer.token()).get("/v1/connections/" + id + "/status").then().statusCode(200);
        as(viewer.token()).get("/v1/connections?project=" + project).then().statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        as(viewer.token()).get("/v1/connections/" + id + "/token").then().statusCode(403).body("code", equalTo("forbidden"));
        as(viewer.token()).delete("/v1/connections/" + id).then().statusCode(403);
        as(viewer.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider", provider,
                "access_token", Api.secret("access"))).post("/v1/connections").then().statusCode(403);
        as(stranger.token()).get("/v1/connections/" + id + "/token").then().statusCode(404);
        as(stranger.token()).get("/v1/connections?project=" + project).then().statusCode(404);
        as(stranger.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider", provider,
                "access_token", Api.secret("access"))).post("/v1/connections").then().statusCode(404);
        // the member's own list shows the team's connection next to their own
        as(member.token()).get("/v1/connections").then().body("items.id", hasItem(id));
        // an administrator who is not a member sees it but reads no token
        as(Api.adminToken()).get("/v1/connections/" + id).then().statusCode(200);
        as(Api.adminToken()).get("/v1/connections/" + id + "/token").then().statusCode(403);
        as(member.token()).delete("/v1/connections/" + id).then().statusCode(204);
    }

    @Test
    void anApplicationLooksATokenUpByItsOwnKey() {
        Person owner = Api.newPerson();
        String project = Api.newProject(owner.token());
        String provider = Api.newProvider();
        String access = Api.secret("access");
        String first = as(owner.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider",
                provider, "subject", "company-42", "access_token", access, "expires_in", 3600))
                .post("/v1/connections").then().statusCode(201).body("subject", equalTo("company-42")).extract().path("id");
        String key = Api.newProjectKey(owner.token(), project, Map.of());

        as(key).get("/v1/projects/" + project + "/tokens/" + provider + "?subject=company-42&min_ttl=60").then()
                .statusCode(200).header("Cache-Control", "no-store").body("access_token", equalTo(access));
        // without a subject, the project's only connection to the provider
        as(key).get("/v1/projects/" + project + "/tokens/" + provider).then().statusCode(200)
                .body("access_token", equalTo(access));
        as(key).get("/v1/projects/" + project + "/status/" + provider + "?subject=company-42").then().statusCode(200)
                .body("status", equalTo("VALID"));
        as(key).get("/v1/projects/" + project + "/status/" + provider + "?subject=company-7").then().statusCode(200)
                .body("status", equalTo("NO_TOKEN"));
        as(key).get("/v1/projects/" + project + "/tokens/" + provider + "?subject=company-7").then().statusCode(404)
                .body("code", equalTo("not_found"));
        // by id as well as by name; the list filters by subject
        String projectId = as(owner.token()).get("/v1/projects/" + project).then().extract().path("id");
        as(key).get("/v1/projects/" + projectId + "/tokens/" + provider + "?subject=company-42").then().statusCode(200);
        as(owner.token()).get("/v1/connections?project=" + project + "&subject=company-42").then()
                .body("items.id", equalTo(List.of(first)));
        // one subject, one connection
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider", provider,
                "subject", "company-42", "access_token", Api.secret("access"))).post("/v1/connections").then()
                .statusCode(409);
        // a second connection to the provider: the lookup without a subject names the choice
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider", provider,
                "subject", "company-43", "access_token", Api.secret("access"))).post("/v1/connections").then()
                .statusCode(201);
        as(key).get("/v1/projects/" + project + "/tokens/" + provider).then().statusCode(409)
                .body("detail", containsString("company-42")).body("detail", containsString("company-43"));
        // another project's key, and a stranger, learn nothing
        Person stranger = Api.newPerson();
        String otherKey = Api.newProjectKey(stranger.token(), Api.newProject(stranger.token()), Map.of());
        for (String caller : List.of(otherKey, stranger.token())) {
            as(caller).get("/v1/projects/" + project + "/tokens/" + provider + "?subject=company-42").then()
                    .statusCode(404).body("detail", containsString("project"));
            as(caller).get("/v1/projects/" + project + "/status/" + provider + "?subject=company-42").then()
                    .statusCode(404);
        }
        // the hand-out is audited with the project
        as(owner.token()).get("/v1/audit?project=" + project + "&action=token.read&connection_id=" + first).then()
                .statusCode(200).body("items.project", hasItem(projectId));
    }

    @Test
    void subjectsAreCheckedLikeEveryOtherInput() {
        Person owner = Api.newPerson();
        String project = Api.newProject(owner.token());
        String provider = Api.newProvider();
        for (String bad : List.of("", " leading", "tab\there", "nul\u0000", "x".repeat(201), "line\nbreak")) {
            as(owner.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider", provider,
                    "subject", bad, "access_token", Api.secret("access"))).post("/v1/connections").then()
                    .statusCode(400).body("detail", org.hamcrest.Matchers.anyOf(containsString("subject"),
                            containsString("NUL character")));
        }
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider", provider,
                "subject", 42, "access_token", Api.secret("access"))).post("/v1/connections").then().statusCode(400);
        as(owner.token()).queryParam("subject", "x".repeat(201)).get("/v1/projects/" + project + "/tokens/" + provider)
                .then().statusCode(400);
        as(owner.token()).get("/v1/connections?project=" + project).then().body("items.size()", equalTo(0));
        assertThat(Api.count("SELECT count(*) FROM connections WHERE provider = '" + provider + "'")).isZero();
    }

    @Test
    void projectKeysActByTheirPermissionsAndScope() {
        Person owner = Api.newPerson();
        Person member = Api.newPerson();
        Person viewer = Api.newPerson();
        String project = Api.newProject(owner.token());
        Api.addMember(owner.token(), project, member.username(), "member");
        Api.addMember(owner.token(), project, viewer.username(), "viewer");
        String github = Api.newProvider();
        String xero = Api.newProvider();
        String gh = as(owner.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider", github,
                "subject", "acme", "access_token", Api.secret("access"))).post("/v1/connections").then().statusCode(201)
                .extract().path("id");
        String xe = as(owner.token()).contentType(ContentType.JSON).body(Map.of("project", project, "provider", xero,
                "subject", "acme", "access_token", Api.secret("access"))).post("/v1/connections").then().statusCode(201)
                .extract().path("id");

        String reader = Api.newProjectKey(member.token(), project, Map.of("providers", List.of(github)));
        as(reader).get("/v1/connections/" + gh + "/token").then().statusCode(200);
        as(reader).get("/v1/connections/" + xe + "/token").then().statusCode(404); // outside its scope
        as(reader).get("/v1/connections").then().body("items.id", equalTo(List.of(gh)));
        as(reader).contentType(ContentType.JSON).body(Map.of("provider", github, "access_token", Api.secret("access")))
                .post("/v1/connections").then().statusCode(403);

        String writer = Api.newProjectKey(owner.token(), project, Map.of("permissions", List.of("connections:write")));
        String created = as(writer).contentType(ContentType.JSON).body(Map.of("provider", xero, "subject", "beta",
                "access_token", Api.secret("access"))).post("/v1/connections").then().statusCode(201)
                .body("owner", nullValue()).extract().path("id");
        as(owner.token()).get("/v1/connections/" + created).then().statusCode(200); // in the key's project
        as(writer).get("/v1/connections/" + created + "/token").then().statusCode(403);
        as(writer).delete("/v1/connections/" + created).then().statusCode(204);

        // keys are listed for members and owners, not viewers; made by members, revoked by their maker or owners
        as(viewer.token()).contentType(ContentType.JSON).body(Map.of("name", "v", "permissions", List.of("tokens:read")))
                .post("/v1/projects/" + project + "/api-keys").then().statusCode(403);
        as(viewer.token()).get("/v1/projects/" + project + "/api-keys").then().statusCode(403);
        List<String> ids = as(member.token()).get("/v1/projects/" + project + "/api-keys").then().statusCode(200)
                .body("items.size()", equalTo(2)).body("items.permissions.flatten()", hasItem("connections:write"))
                .extract().path("items.id");
        String writerId = as(owner.token()).get("/v1/projects/" + project + "/api-keys").then().extract()
                .path("items.find { it.permissions == ['connections:write'] }.id");
        as(member.token()).delete("/v1/projects/" + project + "/api-keys/" + writerId).then().statusCode(403);
        as(owner.token()).delete("/v1/projects/" + project + "/api-keys/" + writerId).then().statusCode(204);
        as(writer).get("/v1/connections").then().statusCode(401);
        String readerId = ids.stream().filter(i -> !i.equals(writerId)).findFirst().orElseThrow();
        as(member.token()).delete("/v1/projects/" + project + "/api-keys/" + readerId).then().statusCode(204);

        for (Map<String, Object> bad : List.of(Map.<String, Object>of("name", "x", "permissions", List.of("admin")),
                Map.<String, Object>of("name", "x", "permissions", List.of()),
                Map.<String, Object>of("name", "x", "permissions", List.of("tokens:read"), "connection_ids",
                        List.of(UUID.randomUUID().toString())),
                Map.<String, Object>of("name", "x", "permissions", List.of("tokens:read"), "providers", List.of("a b")))) {
            as(owner.token()).contentType(ContentType.JSON).body(bad).post("/v1/projects/" + project + "/api-keys")
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }
}
