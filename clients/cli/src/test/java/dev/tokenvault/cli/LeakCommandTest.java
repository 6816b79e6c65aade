package dev.tokenvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tokenvault.client.testing.Arrange;

/** {@code leak lookup|revoke}, the token read from standard input (never argv), against the real server. */
class LeakCommandTest {

    @TempDir
    Path temp;

    @Test
    void lookupFindsTheHandOutsAndRevokeKillsALeakedApiKey() throws Exception {
        Fixture f = Fixture.create(Map.of());
        CliRun reader = f.withApiKey(new CliRun(temp.resolve("reader")));
        assertThat(reader.run("token", f.spec()).status()).isZero(); // one hand-out to the API key
        CliRun owner = f.asOwner(new CliRun(temp.resolve("owner")));

        CliRun.Result lookup = owner.runWithInput(f.accessToken() + "\n", "leak", "lookup");
        assertThat(lookup.status()).as(lookup.toString()).isZero();
        assertThat(lookup.out()).contains("access_token of connection " + f.connectionId()).contains(", current")
                .contains("handed out").doesNotContain(f.accessToken());

        CliRun.Result json = owner.runWithInput(f.accessToken(), "leak", "lookup", "--json");
        assertThat(Arrange.JSON.readTree(json.out()).path("matches").get(0).path("handed_out").size()).isEqualTo(1);

        CliRun.Result revoke = owner.runWithInput(f.apiKey() + "\n", "leak", "revoke");
        assertThat(revoke.status()).as(revoke.toString()).isZero();
        assertThat(revoke.out()).contains("api_key of API key").contains(": revoked").doesNotContain(f.apiKey());
        CliRun.Result refused = reader.run("token", f.spec());
        assertThat(refused.status()).isEqualTo(3); // the key is gone: not authenticated

        CliRun.Result empty = owner.runWithInput("", "leak", "lookup");
        assertThat(empty.status()).isEqualTo(2);
        assertThat(empty.err()).contains("no token on standard input");
    }
}
