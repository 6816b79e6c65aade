package dev.tokenvault.identity;

import static dev.tokenvault.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class UserResourceTest {

    @Test
    void adminsCreateListAndDeleteUsers() {
        String admin = Api.adminToken();
        String username = Api.unique("alice");
        String id = as(admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "alice-password-1", "roles", List.of("user")))
                .when().post("/v1/users")
                .then().statusCode(201).header("Location", org.hamcrest.Matchers.containsString("/v1/users/"))
                .body("username", equalTo(username)).body("$", not(hasKey("password")))
                .body("$", not(hasKey("password_hash"))).extract().path("id");
        Api.login(username, "alice-password-1");
        as(admin).when().get("/v1/users?page_size=500").then().statusCode(200)
                .body("items.username", org.hamcrest.Matchers.hasItem(username));
        as(admin).when().delete("/v1/users/" + id).then().statusCode(204);
        as(admin).when().delete("/v1/users/" + id).then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void usersCannotManageUsers() {
        String user = Api.newUser();
        as(user).contentType(ContentType.JSON)
                .body(Map.of("username", Api.unique("mallory"), "password", "mallory-password")).when()
                .post("/v1/users").then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("forbidden"));
        as(user).when().get("/v1/users").then().statusCode(403);
    }

    @Test
    void duplicateAndInvalidUsersAreRefused() {
        String admin = Api.adminToken();
        as(admin).contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "another-password"))
                .when().post("/v1/users").then().statusCode(409).body("code", equalTo("conflict"));
        as(admin).contentType(ContentType.JSON).body(Map.of("username", "bob", "password", "short"))
                .when().post("/v1/users").then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("password"));
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("username", Api.unique("bob"), "password", "long-enough-pw", "roles", List.of("root")))
                .when().post("/v1/users").then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("roles"));
    }

    @Test
    void listsArePaginated() {
        String admin = Api.adminToken();
        Api.newUser();
        Api.newUser();
        String next = as(admin).when().get("/v1/users?page_size=1").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("next_page_token", notNullValue())
                .extract().path("next_page_token");
        as(admin).when().get("/v1/users?page_size=1&page_token=" + next).then().statusCode(200)
                .body("items.size()", equalTo(1));
        as(admin).when().get("/v1/users?page_size=501").then().statusCode(400);
        as(admin).when().get("/v1/users?page_token=garbage!").then().statusCode(400)
                .body("code", equalTo("invalid_request"));
    }
}
