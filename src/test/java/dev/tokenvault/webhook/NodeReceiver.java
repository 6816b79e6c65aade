package dev.tokenvault.webhook;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.tokenvault.NodePackages;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The tests' webhook receiver: {@code src/test/webhook-receiver/receiver.mjs} run by Node, which verifies every
 * delivery with the Standard Webhooks reference library from the npm registry (pinned by its lock file, installed
 * by {@link NodePackages} into {@code target/webhook-receiver}).
 */
public final class NodeReceiver {

    private static NodeReceiver instance;

    private final Process process;
    private final int port;

    private NodeReceiver(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized NodeReceiver get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> instance.process.destroyForcibly()));
        }
        return instance;
    }

    private static NodeReceiver start() {
        try {
            Path dir = NodePackages.install("webhook-receiver");
            Process node = new ProcessBuilder("node", "receiver.mjs", "0").directory(dir.toFile())
                    .redirectError(dir.resolve("receiver.err").toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("LISTENING ")) {
                throw new IllegalStateException("the webhook receiver did not start: see " + dir.resolve("receiver.err"));
            }
            return new NodeReceiver(node, Integer.parseInt(line.substring("LISTENING ".length()).trim()));
        } catch (IOException e) {
            throw new IllegalStateException("the tests need Node.js and npm (apt-get install nodejs npm)", e);
        }
    }

    /** The URL deliveries for {@code name} go to. */
    public String url(String name) {
        return "http://127.0.0.1:" + port + "/hook/" + name;
    }

    /** Arms the receiver for {@code name}: the secret to verify with and the statuses of the next answers. */
    public void configure(String name, String secret, List<Integer> plan) {
        RestAssured.given().baseUri("http://127.0.0.1").port(port).contentType(ContentType.JSON)
                .body(Map.of("name", name, "secret", secret, "plan", plan)).post("/_configure").then().statusCode(200);
    }

    /** What arrived for {@code name}, in order. */
    public List<Map<String, Object>> received(String name) {
        String json = RestAssured.given().baseUri("http://127.0.0.1").port(port).get("/_received/" + name).asString();
        return JsonPath.from(json).getList("$");
    }
}
