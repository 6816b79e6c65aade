package dev.tokenvault.identity;

import static dev.tokenvault.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Sessions are server-side: a JWT or cookie works only while its session lives, with the user's stored roles.
 * Each case was a finding: a deleted admin kept admin rights, reduced roles kept working, logout left the JWT valid.
 */
@QuarkusTest
class SessionTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    record Person(String id, String username, String password, String token) {
    }

    static Person person(String... roles) {
        String username = Api.unique("person");
        String password = Api.secret("password");
        String id = as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("username", username, "password",
                password, "roles", List.of(roles.length == 0 ? new String[] { "user" } : roles)))
                .post("/v1/users").then().statusCode(201).extract().path("id");
        return new Person(id, username, password, Api.login(username, password));
    }

    static String sessionOf(String jwt) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))
                .getString("sid");
    }

    @Test
    void aDeletedAdminLosesEverythingAtOnce() {
        Person admin = person("admin", "user");
        as(admin.token()).get("/v1/users").then().statusCode(200);
        as(Api.adminToken()).delete("/v1/users/" + admin.id()).then().statusCode(204);
        as(admin.token()).contentType(ContentType.JSON)
                .body(Map.of("username", Api.unique("sneaky"), "password", "long-enough-password"))
                .post("/v1/users").then().statusCode(401);
        given().cookie(SessionCookie.NAME, admin.token()).redirects().follow(false).get("/ui/admin/users").then()
                .statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/ui/login"));
    }

    @Test
    void reducedRolesTakeEffectAndTheSessionsEnd() {
        Person admin = person("admin", "user");
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("roles", List.of("user")))
                .patch("/v1/users/" + admin.id()).then().statusCode(200).body("roles", equalTo(List.of("user")));
        as(admin.token()).get("/v1/users").then().statusCode(401); // its session ended with the change
        String again = Api.login(admin.username(), admin.password());
        as(again).get("/v1/users").then().statusCode(403);
        as(again).get("/v1/me").then().body("roles", equalTo(List.of("user")));
    }

    @Test
    void aDisabledUserCannotSignInAndTheirSessionsEnd() {
        Person user = person();
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("disabled", true))
                .patch("/v1/users/" + user.id()).then().statusCode(200).body("disabled", equalTo(true));
        as(user.token()).get("/v1/me").then().statusCode(401);
        Api.quiet().contentType(ContentType.JSON).body(Map.of("username", user.username(), "password", user.password()))
                .post("/v1/auth/login").then().statusCode(401).body("code", equalTo("unauthenticated"));
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("disabled", false))
                .patch("/v1/users/" + user.id()).then().statusCode(200);
        as(Api.login(user.username(), user.password())).get("/v1/me").then().statusCode(200);
    }

    @Test
    void anAdministratorCannotDemoteOrDisableThemselves() {
        Person admin = person("admin", "user");
        as(admin.token()).contentType(ContentType.JSON).body(Map.of("disabled", true))
                .patch("/v1/users/" + admin.id()).then().statusCode(409);
        as(admin.token()).contentType(ContentType.JSON).body(Map.of("roles", List.of("user")))
                .patch("/v1/users/" + admin.id()).then().statusCode(409);
        as(admin.token()).get("/v1/users").then().statusCode(200);
    }

    @Test
    void logoutEndsTheBearerTokenToo() {
        Person user = person();
        as(user.token()).post("/v1/auth/logout").then().statusCode(204);
        as(user.token()).get("/v1/me").then().statusCode(401);
    }

    @Test
    void sessionsAreListedAndEndedOneByOne() {
        Person user = person();
        String second = Api.login(user.username(), user.password());
        as(second).get("/v1/me/sessions").then().statusCode(200)
                .body("items.id", hasItem(sessionOf(user.token())))
                .body("items.find { it.id == '" + sessionOf(second) + "' }.current", equalTo(true))
                .body("items.find { it.id == '" + sessionOf(user.token()) + "' }.current", equalTo(false));
        as(second).delete("/v1/me/sessions/" + sessionOf(user.token())).then().statusCode(204);
        as(user.token()).get("/v1/me").then().statusCode(401);
        as(second).get("/v1/me").then().statusCode(200);
        // someone else's session is not found, exactly like a missing one
        Person other = person();
        as(other.token()).delete("/v1/me/sessions/" + sessionOf(second)).then().statusCode(404);
        as(other.token()).delete("/v1/me/sessions/" + java.util.UUID.randomUUID()).then().statusCode(404);
        as(second).get("/v1/me").then().statusCode(200);
    }

    @Test
    void changingTheOwnPasswordEndsTheOtherSessions() {
        Person user = person();
        String other = Api.login(user.username(), user.password());
        String newPassword = Api.secret("password");
        as(user.token()).contentType(ContentType.JSON).body(Map.of("current_password", "wrong-password",
                "new_password", newPassword)).put("/v1/me/password").then().statusCode(403);
        as(user.token()).contentType(ContentType.JSON).body(Map.of("current_password", user.password(),
                "new_password", newPassword)).put("/v1/me/password").then().statusCode(204);
        as(user.token()).get("/v1/me").then().statusCode(200);
        as(other).get("/v1/me").then().statusCode(401);
        Api.login(user.username(), newPassword);
    }

    @Test
    void anIdleSessionAndAnOldOneEnd() {
        Person idle = person();
        Person old = person();
        clock.advance(Duration.ofMinutes(20));
        as(old.token()).get("/v1/me").then().statusCode(200); // used: the idle timeout starts again
        clock.advance(Duration.ofMinutes(20));
        as(idle.token()).get("/v1/me").then().statusCode(401); // 40 minutes unused (idle timeout 30)
        as(old.token()).get("/v1/me").then().statusCode(200);
        for (int i = 0; i < 50; i++) { // used every 20 minutes, but past the 12 hours of its absolute lifetime
            clock.advance(Duration.ofMinutes(20));
            if (as(old.token()).get("/v1/me").statusCode() == 401) {
                assertThat(40 + (i + 1) * 20).isGreaterThanOrEqualTo(12 * 60); // minutes since sign-in
                return;
            }
        }
        throw new AssertionError("the session outlived its absolute lifetime");
    }

    @Test
    void aSessionEndedElsewhereStopsHereWithinTheCacheLifetime() {
        Person user = person();
        as(user.token()).get("/v1/me").then().statusCode(200);
        // as another replica would: the row goes, this replica still has it in its short cache
        Api.execute("DELETE FROM sessions WHERE id = '" + sessionOf(user.token()) + "'");
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(user.token()).get("/v1/me").statusCode() == 401);
    }

    @Test
    void theSessionListShowsNoSecret() {
        Person user = person();
        String body = as(user.token()).get("/v1/me/sessions").then().statusCode(200).extract().asString();
        assertThat(body).doesNotContain(user.token()).doesNotContain(user.password());
    }
}
