package dev.tokenvault.provider;

import static dev.tokenvault.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ProviderResourceTest {

    @Test
    void clientSecretIsWriteOnly() {
        String admin = Api.adminToken();
        String name = Api.unique("gh");
        String secret = Api.secret("client-secret");
        String created = as(admin).contentType(ContentType.JSON)
                .body(Map.of("name", name, "token_url", "https://github.example/token", "client_id", "cid",
                        "client_secret", secret, "auth_method", "client_secret_post", "scopes", List.of("repo")))
                .when().post("/v1/providers").then().statusCode(201)
                .body("name", equalTo(name)).body("auth_method", equalTo("client_secret_post"))
                .body("client_secret_set", equalTo(true)).body("$", not(hasKey("client_secret")))
                .extract().asString();
        org.assertj.core.api.Assertions.assertThat(created).doesNotContain(secret);
        String got = as(admin).when().get("/v1/providers/" + name).then().statusCode(200).extract().asString();
        String listed = as(admin).when().get("/v1/providers").then().statusCode(200)
                .body("items.name", org.hamcrest.Matchers.hasItem(name)).extract().asString();
        org.assertj.core.api.Assertions.assertThat(got + listed).doesNotContain(secret);
    }

    @Test
    void updateKeepsTheSecretWhenNoneIsGivenAndRefusesRenames() {
        String admin = Api.adminToken();
        String name = Api.newProvider();
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("token_url", "https://other.example/token", "client_id", "cid2", "refresh_skew_seconds", 120))
                .when().put("/v1/providers/" + name).then().statusCode(200)
                .body("token_url", equalTo("https://other.example/token")).body("refresh_skew_seconds", equalTo(120))
                .body("client_secret_set", equalTo(true));
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "renamed", "token_url", "https://other.example/token", "client_id", "cid2"))
                .when().put("/v1/providers/" + name).then().statusCode(400);
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("token_url", "https://other.example/token", "client_id", "cid2"))
                .when().put("/v1/providers/" + Api.unique("missing")).then().statusCode(404);
    }

    @Test
    void aProviderInUseCannotBeDeleted() {
        String admin = Api.adminToken();
        String name = Api.newProvider();
        String connection = Api.newConnection(admin, name, Map.of());
        as(admin).when().delete("/v1/providers/" + name).then().statusCode(409).body("code", equalTo("conflict"));
        as(admin).when().delete("/v1/connections/" + connection).then().statusCode(204);
        as(admin).when().delete("/v1/providers/" + name).then().statusCode(204);
        as(admin).when().get("/v1/providers/" + name).then().statusCode(404);
    }

    @Test
    void invalidProvidersAreRefusedAndNothingIsStored() {
        String admin = Api.adminToken();
        String clientId = Api.unique("client");
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "Bad Name", "token_url", "https://x.example/t", "client_id", clientId, "client_secret", "s"))
                .when().post("/v1/providers").then().statusCode(400).body("detail", containsString("'name'"));
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("name", Api.unique("p"), "token_url", "ftp://x.example/t", "client_id", clientId, "client_secret", "s"))
                .when().post("/v1/providers").then().statusCode(400).body("detail", containsString("'token_url'"));
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("name", Api.unique("p"), "token_url", "https://x.example/t", "client_id", clientId))
                .when().post("/v1/providers").then().statusCode(400).body("detail", containsString("'client_secret'"));
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("name", Api.unique("p"), "token_url", "https://x.example/t", "client_id", "c",
                        "client_secret", "s", "auth_method", "private_key_jwt"))
                .when().post("/v1/providers").then().statusCode(400).body("detail", containsString("'auth_method'"));
        String existing = Api.newProvider();
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("name", existing, "token_url", "https://x.example/t", "client_id", clientId, "client_secret", "s"))
                .when().post("/v1/providers").then().statusCode(409);
        // none of the refused requests stored anything (they all named this test's own client id)
        org.assertj.core.api.Assertions.assertThat(Api.count("SELECT count(*) FROM providers WHERE client_id = '"
                + clientId + "'")).isZero();
    }

    @Test
    void onlyAdminsManageProviders() {
        String user = Api.newUser();
        as(user).when().get("/v1/providers").then().statusCode(403);
        as(user).contentType(ContentType.JSON)
                .body(Map.of("name", Api.unique("p"), "token_url", "https://x.example/t", "client_id", "c", "client_secret", "s"))
                .when().post("/v1/providers").then().statusCode(403);
    }
}
