package dev.tokenvault.cli;

import java.util.HashMap;
import java.util.Map;

import dev.tokenvault.client.testing.Arrange;
import dev.tokenvault.client.testing.Arrange.Person;
import dev.tokenvault.client.testing.Arrange.Provider;

/** A project of its own per test: its owner, a provider at mock-oauth2-server, one connection, an API key. */
record Fixture(Person owner, String project, Provider provider, String subject, String connectionId,
        String accessToken, String apiKey) {

    static Fixture create(Map<String, Object> connectionFields) {
        return create(Arrange.newProvider(), connectionFields);
    }

    static Fixture create(Provider provider, Map<String, Object> connectionFields) {
        Person owner = Arrange.newUser();
        String project = Arrange.newProject(owner);
        String subject = Arrange.unique("company");
        Map<String, Object> fields = new HashMap<>(connectionFields);
        fields.putIfAbsent("access_token", Arrange.secret("access"));
        String id = Arrange.newConnection(owner, project, provider, subject, fields);
        return new Fixture(owner, project, provider, subject, id, (String) fields.get("access_token"),
                Arrange.newApiKey(owner, project, "tokens:read", "connect"));
    }

    /** {@code provider/subject}, as the CLI takes it. */
    String spec() {
        return provider.name() + "/" + subject;
    }

    /** The CLI with this project's API key and the server's URL in its environment. */
    CliRun withApiKey(CliRun cli) {
        return cli.with("TOKENVAULT_URL", Arrange.url()).with("TOKENVAULT_API_KEY", apiKey);
    }

    /** The CLI as the owner (their JWT in TOKENVAULT_TOKEN), in this project. */
    CliRun asOwner(CliRun cli) {
        return cli.with("TOKENVAULT_URL", Arrange.url()).with("TOKENVAULT_TOKEN", owner.token())
                .with("TOKENVAULT_PROJECT", project);
    }

    @Override
    public String toString() {
        return "Fixture[" + project + " " + spec() + "]";
    }
}
