package dev.tokenvault.cli;

import static dev.tokenvault.client.testing.Arrange.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tokenvault.client.testing.Arrange;
import dev.tokenvault.client.testing.Arrange.Person;
import picocli.CommandLine;

/** login, logout, projects, connections, api-keys, connect, completion and --help, in-process against the real server. */
class AccountCommandsTest {

    @TempDir
    Path temp;

    @Test
    void loginKeepsTheSessionOwnerOnlyAndLogoutEndsIt() throws Exception {
        Person person = Arrange.newUser();
        CliRun cli = new CliRun(temp).with("TOKENVAULT_URL", Arrange.url());
        Path credentials = cli.home.resolve(".config/tokenvault/credentials.json");

        CliRun.Result wrong = cli.runWithInput("not-the-password\n", "login", "--username", person.username(),
                "--password-stdin");
        assertThat(wrong.status()).isEqualTo(3);
        assertThat(wrong.err()).contains("wrong username or password");
        assertThat(credentials).doesNotExist();

        CliRun.Result login = cli.runWithInput(person.password() + "\n", "login", "-u", person.username());
        assertThat(login.status()).as(login.toString()).isZero();
        assertThat(login.err()).contains("Signed in to " + Arrange.url() + " as " + person.username());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(credentials).contains(person.password())).as("the password is not kept").isFalse();

        CliRun.Result status = cli.run("status");
        assertThat(status.out()).contains("login of " + person.username()).contains("user " + person.username())
                .contains("project:    ~" + person.username());
        String jwt = Arrange.JSON.readTree(credentials.toFile()).path("sessions").path(Arrange.url())
                .path("access_token").asText();
        assertThat(Arrange.send("GET", "/v1/me", jwt, null).statusCode()).isEqualTo(200);

        CliRun.Result logout = cli.run("logout");
        assertThat(logout.status()).isZero();
        assertThat(Arrange.send("GET", "/v1/me", jwt, null).statusCode()).as("the session ended").isEqualTo(401);
        assertThat(Files.readString(credentials).contains(jwt)).isFalse();
        CliRun.Result after = cli.run("status");
        assertThat(after.status()).isEqualTo(3);
        assertThat(after.err()).contains("not signed in to " + Arrange.url() + ": run tokenvault login");

        // XDG_CONFIG_HOME is honoured when TOKENVAULT_CONFIG_DIR is not set
        CliRun xdg = new CliRun(temp.resolve("xdg")).with("TOKENVAULT_URL", Arrange.url())
                .without("TOKENVAULT_CONFIG_DIR").with("XDG_CONFIG_HOME", temp.resolve("xdg/config").toString());
        assertThat(xdg.runWithInput(person.password(), "login", "-u", person.username()).status()).isZero();
        assertThat(temp.resolve("xdg/config/tokenvault/credentials.json")).exists();
    }

    @Test
    void projectsConnectionsAndApiKeys() throws Exception {
        Fixture f = Fixture.create(Map.of());
        CliRun owner = f.asOwner(new CliRun(temp));

        CliRun.Result projects = owner.run("projects", "ls");
        assertThat(projects.status()).isZero();
        assertThat(projects.out()).startsWith("NAME").containsPattern(f.project() + " +owner");
        assertThat(Arrange.JSON.readTree(owner.run("projects", "ls", "--json").out()).findValuesAsText("name"))
                .contains(f.project(), "~" + f.owner().username());

        CliRun.Result connections = owner.run("connections", "ls");
        assertThat(connections.out()).contains(f.connectionId()).contains(f.provider().name()).contains(f.subject())
                .contains("VALID").doesNotContain("tvtest-");
        JsonNode listed = Arrange.JSON.readTree(owner.run("connections", "ls", "--json").out());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(f.connectionId());

        // a key made by the CLI reads tokens; listed by prefix, never whole; revoked at once
        CliRun.Result created = owner.run("api-keys", "create", "--name", "cli-made", "--permission", "tokens:read",
                "--provider", f.provider().name());
        assertThat(created.status()).as(created.toString()).isZero();
        String key = created.out().strip();
        assertThat(key).startsWith("tvk_").doesNotContain("\n");
        assertThat(created.err()).contains("only time it is shown").doesNotContain(key);
        CliRun withKey = new CliRun(temp.resolve("key")).with("TOKENVAULT_URL", Arrange.url())
                .with("TOKENVAULT_API_KEY", key);
        assertThat(sha256(withKey.run("token", f.spec()).out())).isEqualTo(sha256(f.accessToken() + "\n"));

        CliRun.Result keys = owner.run("api-keys", "ls");
        assertThat(keys.out()).contains("cli-made").contains(key.substring(0, 12)).doesNotContain(key);
        String id = Arrange.JSON.readTree(owner.run("api-keys", "ls", "--json").out()).findValues("name").stream()
                .map(JsonNode::asText).toList().contains("cli-made") ? keyId(owner, "cli-made") : null;
        assertThat(owner.run("api-keys", "rm", id).status()).isZero();
        assertThat(withKey.run("token", f.spec()).status()).as("a revoked key").isEqualTo(3);

        // deleting the connection destroys it
        assertThat(owner.run("connections", "rm", f.connectionId()).status()).isZero();
        assertThat(f.withApiKey(new CliRun(temp.resolve("after"))).run("token", f.spec()).status()).isEqualTo(1);
        assertThat(owner.run("connections", "ls", "--json").out().strip()).isEqualTo("[ ]");
    }

    private static String keyId(CliRun owner, String name) throws Exception {
        for (JsonNode k : Arrange.JSON.readTree(owner.run("api-keys", "ls", "--json").out())) {
            if (k.get("name").asText().equals(name)) {
                return k.get("id").asText();
            }
        }
        throw new AssertionError("no key " + name);
    }

    @Test
    void connectMakesALinkThatConnectsTheAccount() throws Exception {
        Fixture f = Fixture.create(Map.of());
        CliRun cli = f.withApiKey(new CliRun(temp));
        String subject = Arrange.unique("customer");

        CliRun.Background connect = cli.start("connect", f.provider().name(), "--subject", subject, "--wait",
                "--timeout", "60");
        try {
            Awaitility.await("the link").atMost(Duration.ofSeconds(10)).until(() -> connect.out.toString().contains("\n"));
            String link = connect.out.toString().lines().findFirst().orElseThrow();
            assertThat(link).startsWith(Arrange.url() + "/connect/");
            assertThat(connect.err.toString()).contains("connect " + f.provider().name() + " for " + subject);

            assertThat(Browser.connect(link)).isBetween(200, 399);

            connect.thread.join(15_000);
            assertThat(connect.status).as(connect.err.toString()).isZero();
        } finally {
            connect.stop();
        }
        String connectionId = connect.out.toString().lines().skip(1).findFirst().orElseThrow();
        CliRun.Result status = cli.run("status", f.provider().name() + "/" + subject);
        assertThat(status.status()).isZero();
        assertThat(status.out()).contains("VALID");
        assertThat(cli.run("token", "--connection", connectionId).out()).startsWith("eyJ"); // from mock-oauth2-server

        // an API key names whose account; a person defaults to their own name
        CliRun.Result noSubject = cli.run("connect", f.provider().name());
        assertThat(noSubject.status()).isEqualTo(2);
        assertThat(noSubject.err()).contains("--subject is required");
        CliRun.Result own = f.asOwner(new CliRun(temp.resolve("owner"))).run("connect", f.provider().name());
        assertThat(own.status()).isZero();
        assertThat(own.err()).contains("for " + f.owner().username());
    }

    @Test
    void completionPrintsABashScript() throws Exception {
        CliRun.Result completion = new CliRun(temp).run("completion");
        assertThat(completion.status()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("_complete_tokenvault").contains("api-keys");
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        CliRun cli = new CliRun(temp);
        List<String> paths = new ArrayList<>();
        collect(Cli.commandLine(new Environment(Map.of(), temp, System.in, new java.io.PrintWriter(
                java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()), null, false,
                java.time.Clock.systemUTC())), "", paths);
        assertThat(paths).hasSizeGreaterThanOrEqualTo(19);
        for (String path : paths) {
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.removeIf(String::isEmpty);
            args.add("--help");
            CliRun.Result help = cli.run(args.toArray(String[]::new));
            assertThat(help.status()).as(path).isZero();
            assertThat(help.out()).as(path).contains("Usage: tokenvault" + (path.isEmpty() ? "" : " " + path));
        }
        assertThat(cli.run("--version").out()).startsWith("tokenvault-cli 0.1.0");
        assertThat(cli.run("warm-up").status()).as("the launcher's class-loading run needs no service").isZero();
    }

    private static void collect(CommandLine command, String path, List<String> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                collect(sub, (path + " " + name).strip(), paths);
            }
        });
    }
}
