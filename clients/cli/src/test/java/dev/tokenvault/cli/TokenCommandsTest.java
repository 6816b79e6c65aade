package dev.tokenvault.cli;

import static dev.tokenvault.client.testing.Arrange.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenvault.client.testing.Arrange;
import dev.tokenvault.client.testing.FakeApi;

/** token, exec, agent and status, run in-process against the real server. */
class TokenCommandsTest {

    @TempDir
    Path temp;

    @Test
    void tokenPrintsTheTokenAndNothingElse() throws Exception {
        Fixture f = Fixture.create(Map.of());
        CliRun cli = f.withApiKey(new CliRun(temp));

        CliRun.Result byName = cli.run("token", f.spec());
        assertThat(byName.status()).as(byName.toString()).isZero();
        assertThat(sha256(byName.out())).isEqualTo(sha256(f.accessToken() + "\n"));
        assertThat(byName.err()).isEmpty();

        CliRun.Result byId = cli.run("token", "--connection", f.connectionId(), "--min-ttl", "120");
        assertThat(sha256(byId.out())).isEqualTo(sha256(f.accessToken() + "\n"));

        CliRun.Result json = cli.run("token", f.spec(), "--json");
        JsonNode node = Arrange.JSON.readTree(json.out());
        assertThat(sha256(node.get("access_token").asText())).isEqualTo(sha256(f.accessToken()));
        assertThat(node.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(Instant.parse(node.get("expires_at").asText())).isAfter(Instant.now().plusSeconds(3000));
    }

    @Test
    void tokenvaultJsonNamesTheServiceProjectAndTokensButNeverASecret() throws Exception {
        Fixture f = Fixture.create(Map.of());
        CliRun cli = new CliRun(temp).with("TOKENVAULT_API_KEY", f.apiKey());
        Files.writeString(cli.workingDirectory.resolve("tokenvault.json"), "{\"url\": \"" + Arrange.url()
                + "\", \"project\": \"" + f.project() + "\", \"tokens\": {\"books\": \"" + f.spec() + "\", "
                + "\"by-id\": {\"connection\": \"" + f.connectionId() + "\"}}}");
        CliRun inNested = new CliRun(temp.resolve("elsewhere")).with("TOKENVAULT_API_KEY", f.apiKey());

        assertThat(sha256(cli.run("token", "books").out())).isEqualTo(sha256(f.accessToken() + "\n"));
        assertThat(sha256(cli.run("token", "by-id").out())).isEqualTo(sha256(f.accessToken() + "\n"));
        // found from a subdirectory too
        cli.workingDirectory = Files.createDirectories(cli.workingDirectory.resolve("src/deep"));
        assertThat(sha256(cli.run("token", "books").out())).isEqualTo(sha256(f.accessToken() + "\n"));

        // without a URL anywhere, the error says what to do
        CliRun.Result nowhere = inNested.run("token", "books");
        assertThat(nowhere.status()).isEqualTo(2);
        assertThat(nowhere.err()).contains("no tokenvault.json here or above").contains("--url");

        // a secret in the committed file is refused
        Files.writeString(inNested.workingDirectory.resolve("tokenvault.json"), "{\"url\": \"" + Arrange.url()
                + "\", \"tokens\": {\"x\": \"" + f.apiKey() + "\"}}");
        CliRun.Result secret = inNested.run("token", "x");
        assertThat(secret.status()).isEqualTo(2);
        assertThat(secret.err()).contains("looks like a secret").doesNotContain(f.apiKey());
        Files.writeString(inNested.workingDirectory.resolve("tokenvault.json"), "{\"url\": \"" + Arrange.url()
                + "\", \"api_key\": \"abc\"}");
        assertThat(inNested.run("token", "x").err()).contains("unknown field 'api_key'").contains("TOKENVAULT_API_KEY");
    }

    @Test
    void failuresHaveTheirExitStatusAndSayWhatToDo() throws Exception {
        Fixture f = Fixture.create(Map.of());
        CliRun cli = new CliRun(temp).with("TOKENVAULT_URL", Arrange.url());

        CliRun.Result noCredentials = cli.run("token", f.spec());
        assertThat(noCredentials.status()).isEqualTo(3);
        assertThat(noCredentials.err()).contains("not signed in").contains("tokenvault login");

        cli.with("TOKENVAULT_API_KEY", "tvk_" + "0".repeat(30) + "_000000");
        CliRun.Result wrongKey = cli.run("token", f.spec());
        assertThat(wrongKey.status()).isEqualTo(3);

        f.withApiKey(cli);
        CliRun.Result unknown = cli.run("token", f.provider().name() + "/nobody");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("404 not_found");

        assertThat(cli.run("token").status()).as("usage").isEqualTo(2);
        assertThat(cli.run("token", "a", "--connection", "b").status()).as("usage").isEqualTo(2);
        assertThat(cli.run("frobnicate").status()).isEqualTo(2);

        CliRun.Result down = cli.run("--url", "http://127.0.0.1:1", "token", f.spec());
        assertThat(down.status()).isEqualTo(5);
        assertThat(down.err()).contains("cannot be reached").contains("try again");
    }

    @Test
    void aConnectionThatNeedsReauthorisationExitsWith4() throws Exception {
        Fixture f = Fixture.create(Map.of("expires_at", Instant.now().minusSeconds(30).toString()));
        Arrange.server().failNextRefresh(f.provider().issuerId(), 400, "{\"error\":\"invalid_grant\"}");
        CliRun cli = f.withApiKey(new CliRun(temp));

        CliRun.Result token = cli.run("token", f.spec());
        assertThat(token.status()).isEqualTo(4);
        assertThat(token.out()).isEmpty();
        assertThat(token.err()).contains("authorised again").contains("invalid_grant").contains("tokenvault connect");

        CliRun.Result status = cli.run("status", f.spec());
        assertThat(status.status()).isEqualTo(4);
        assertThat(status.out()).contains("NEEDS_REAUTH").contains("tokenvault connect " + f.provider().name()
                + " --subject " + f.subject());
    }

    @Test
    void statusSaysWhoAndWhereAndTheConnectionsState() throws Exception {
        Fixture f = Fixture.create(Map.of());
        CliRun cli = f.withApiKey(new CliRun(temp));

        CliRun.Result who = cli.run("status");
        assertThat(who.status()).isZero();
        assertThat(who.out()).contains("service:    " + Arrange.url()).contains("API key (TOKENVAULT_API_KEY)")
                .contains("api_key").contains("project:    " + f.project()).doesNotContain(f.apiKey());

        CliRun.Result valid = cli.run("status", f.spec());
        assertThat(valid.status()).isZero();
        assertThat(valid.out()).startsWith(f.spec() + ": VALID");
        assertThat(cli.run("status", f.provider().name() + "/nobody").status()).isEqualTo(1); // NO_TOKEN
        JsonNode json = Arrange.JSON.readTree(cli.run("status", "--connection", f.connectionId(), "--json").out());
        assertThat(json.get("status").asText()).isEqualTo("VALID");
    }

    @Test
    void execGivesTheCommandItsTokensInItsEnvironmentOnly() throws Exception {
        Fixture f = Fixture.create(Map.of());
        Fixture other = Fixture.create(Map.of());
        CliRun cli = f.withApiKey(new CliRun(temp));
        String script = "printf %s \"$GH\" | sha256sum | cut -d' ' -f1 > gh.sha; "
                + "printf %s \"$BY_ID\" | sha256sum | cut -d' ' -f1 > id.sha; "
                + "printf %s \"${TOKENVAULT_API_KEY:-none}\" > key.txt; "
                + "tr '\\0' ' ' < /proc/$$/cmdline > cmdline.txt; "
                + "echo child-output; exit 7";

        CliRun.Result result = cli.run("exec", "--env", "GH=" + f.spec(), "-e", "BY_ID=connection:" + f.connectionId(),
                "--", "sh", "-c", script);

        assertThat(result.status()).as(result.toString()).isEqualTo(7); // the command's status
        assertThat(result.out()).isEqualTo("child-output\n");
        Path work = cli.workingDirectory;
        assertThat(Files.readString(work.resolve("gh.sha")).strip()).isEqualTo(sha256(f.accessToken()));
        assertThat(Files.readString(work.resolve("id.sha")).strip()).isEqualTo(sha256(f.accessToken()));
        assertThat(Files.readString(work.resolve("key.txt"))).as("the vault credential stays out").isEqualTo("none");
        assertThat(Files.readString(work.resolve("cmdline.txt"))).contains("sh -c").doesNotContain("tvtest-");
        assertNoFileHolds(temp, f.accessToken());

        // a token of another project is not this key's: nothing runs
        CliRun.Result foreign = cli.run("exec", "--env", "X=" + other.spec(), "--", "sh", "-c", "touch ran");
        assertThat(foreign.status()).isEqualTo(1);
        assertThat(work.resolve("ran")).doesNotExist();

        assertThat(cli.run("exec", "--env", "1BAD=github", "--", "true").status()).isEqualTo(2);
        assertThat(cli.run("exec", "--env", "GH=" + f.spec(), "--", "/nonexistent/cmd").status()).isEqualTo(127);
        // the command's own options are its own
        assertThat(cli.run("exec", "--env", "GH=" + f.spec(), "sh", "-c", "exit 3").status()).isEqualTo(3);
    }

    @Test
    void agentOnceWritesOwnerOnlyFiles() throws Exception {
        Fixture f = Fixture.create(Map.of());
        CliRun cli = f.withApiKey(new CliRun(temp));
        Path file = cli.workingDirectory.resolve("run/tokens/books");

        CliRun.Result result = cli.run("agent", "--file", "run/tokens/books=" + f.spec(), "--once");

        assertThat(result.status()).as(result.toString()).isZero();
        assertThat(sha256(Files.readString(file))).isEqualTo(sha256(f.accessToken()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(result.err()).contains("wrote " + file).doesNotContain("tvtest-");
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void agentRenewsTheFileBeforeTheTokenExpires() throws Exception {
        // tokens of this provider live 20 s; the agent renews 15 s before expiry, so about every 5 s
        Fixture f = Fixture.create(Arrange.newShortLivedProvider(), Map.of("expires_in", 20));
        Instant firstExpiry = Instant.now().plusSeconds(20);
        CliRun cli = f.withApiKey(new CliRun(temp));
        Path file = cli.workingDirectory.resolve("tokens/books");

        CliRun.Background agent = cli.start("agent", "--file", "tokens/books=" + f.spec(), "--min-ttl", "15");
        try {
            org.awaitility.Awaitility.await("first file").atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> Files.exists(file));
            assertThat(sha256(Files.readString(file))).isEqualTo(sha256(f.accessToken()));
            org.awaitility.Awaitility.await("renewed file").atMost(java.time.Duration.ofSeconds(20))
                    .pollInterval(java.time.Duration.ofMillis(100))
                    .until(() -> !sha256(Files.readString(file)).equals(sha256(f.accessToken())));
            Instant renewedAt = Instant.now();
            assertThat(renewedAt).as("renewed before the first token expired").isBefore(firstExpiry);
            assertThat(Files.readString(file)).startsWith("eyJ"); // refreshed at mock-oauth2-server
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Arrange.server().refreshes(dev.tokenvault.client.testing.TestServer.SHORT_LIVED_ISSUER))
                    .isPositive();
        } finally {
            agent.stop();
        }
        assertThat(agent.err.toString()).contains("wrote").doesNotContain("eyJ").doesNotContain("tvtest-");
    }

    @Test
    void agentStopsWithStatus4WhenTheConnectionNeedsReauthorisation() throws Exception {
        Fixture f = Fixture.create(Map.of("expires_at", Instant.now().minusSeconds(30).toString()));
        Arrange.server().failNextRefresh(f.provider().issuerId(), 400, "{\"error\":\"invalid_grant\"}");
        CliRun cli = f.withApiKey(new CliRun(temp));

        CliRun.Result result = cli.run("agent", "--file", "t=" + f.spec());

        assertThat(result.status()).isEqualTo(4);
        assertThat(result.err()).contains("needs to be authorised again (invalid_grant)")
                .contains("tokenvault connect " + f.provider().name() + " --subject " + f.subject());
        assertThat(cli.workingDirectory.resolve("t")).doesNotExist();
    }

    @Test
    void aGithubActionsJobGetsTokensThroughItsOidcToken() throws Exception {
        Fixture f = Fixture.create(Map.of());
        String issuerId = Arrange.unique("gha");
        String issuer = Arrange.trustIssuer(issuerId, Arrange.url());
        Arrange.bind(f.owner(), issuer, Arrange.url(), Map.of("repository", "acme/app"), f.project(), 300);
        String requestToken = Arrange.secret("gh-request");
        try (FakeApi github = new FakeApi(r -> ("Bearer " + requestToken).equals(r.authorization())
                ? new FakeApi.Answer(200, "{\"value\":\"" + Arrange.platformToken(issuerId, Arrange.url(),
                        Map.of("repository", "acme/app"), 600) + "\"}")
                : new FakeApi.Answer(403, "{}"))) {
            CliRun cli = new CliRun(temp).with("TOKENVAULT_URL", Arrange.url())
                    .with("ACTIONS_ID_TOKEN_REQUEST_URL", github.url() + "/idtoken?api-version=2.0")
                    .with("ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken);

            CliRun.Result token = cli.run("token", f.spec());

            assertThat(token.status()).as(token.toString()).isZero();
            assertThat(sha256(token.out())).isEqualTo(sha256(f.accessToken() + "\n"));
            assertThat(cli.run("status").out()).contains("workload identity (GitHub Actions)")
                    .contains("project:    " + f.project());
        }
    }

    /** No file under {@code dir} holds {@code secret}. */
    static void assertNoFileHolds(Path dir, String secret) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret))
                        .as("a token in " + p).isFalse();
            }
        }
    }
}
