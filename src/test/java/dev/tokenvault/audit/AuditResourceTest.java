package dev.tokenvault.audit;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AuditResourceTest {

    @Test
    void usersSeeTheirOwnEventsAndAdminsSeeAll() {
        String alice = Api.newUser();
        String bob = Api.newUser();
        String provider = Api.newProvider();
        String aliceConnection = Api.newConnection(alice, provider, Map.of());
        String bobConnection = Api.newConnection(bob, provider, Map.of());
        as(alice).get("/v1/connections/" + aliceConnection + "/token").then().statusCode(200);
        as(bob).get("/v1/connections/" + bobConnection + "/token").then().statusCode(200);

        as(alice).when().get("/v1/audit?page_size=500").then().statusCode(200)
                .body("items.connection_id", hasItem(aliceConnection))
                .body("items.connection_id", not(hasItem(bobConnection)));
        as(Api.adminToken()).when().get("/v1/audit?page_size=500&provider=" + provider).then().statusCode(200)
                .body("items.connection_id", hasItem(aliceConnection))
                .body("items.connection_id", hasItem(bobConnection));
    }

    @Test
    void filtersAndNewestFirst() {
        String user = Api.newUser();
        String id = Api.newConnection(user, Api.newProvider(), Map.of());
        Instant start = Instant.now().minusSeconds(1);
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(200);
        as(user).get("/v1/connections/" + id + "/token").then().statusCode(200);
        var events = as(user).when().get("/v1/audit?connection_id=" + id + "&since=" + start)
                .then().statusCode(200).extract().jsonPath();
        List<String> actions = events.getList("items.action");
        assertThat(actions).containsOnly("token.read", "connection.create").startsWith("token.read");
        List<String> times = events.getList("items.at");
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        as(user).when().get("/v1/audit?connection_id=" + id + "&action=connection.create").then()
                .body("items.action", everyItem(equalTo("connection.create")));
        as(user).when().get("/v1/audit?connection_id=" + id + "&outcome=failure").then()
                .body("items.size()", equalTo(0));
        as(user).when().get("/v1/audit?connection_id=" + id + "&until=" + start).then()
                .body("items.size()", equalTo(0));
        String next = as(user).when().get("/v1/audit?connection_id=" + id + "&page_size=1").then()
                .body("items.size()", equalTo(1)).extract().path("next_page_token");
        as(user).when().get("/v1/audit?connection_id=" + id + "&page_size=1&page_token=" + next).then()
                .body("items.size()", equalTo(1));
    }

    @Test
    void badFiltersAreRefused() {
        String user = Api.newUser();
        as(user).when().get("/v1/audit?since=last-tuesday").then().statusCode(400)
                .contentType("application/problem+json");
        as(user).when().get("/v1/audit?connection_id=42").then().statusCode(400);
    }

    @Test
    void loginsAndFailuresAreRecorded() {
        String admin = Api.adminToken();
        as(admin).when().get("/v1/audit?action=auth.login&actor=admin&page_size=1").then().statusCode(200)
                .body("items[0].outcome", equalTo("success"));
        String stranger = Api.unique("nobody");
        Api.quiet().contentType("application/json").body(Map.of("username", stranger, "password", "wrong-password"))
                .post("/v1/auth/login").then().statusCode(401);
        as(admin).when().get("/v1/audit?action=auth.failure&actor=" + stranger).then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].outcome", equalTo("failure"))
                .body("items[0].error_code", equalTo("invalid_credentials"))
                .body("items[0].status_code", equalTo(401));
    }
}
