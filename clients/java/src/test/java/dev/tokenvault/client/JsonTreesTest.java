package dev.tokenvault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The mapper-free JSON reads and writes what Jackson's ObjectMapper does. */
class JsonTreesTest {

    static final String SAMPLE = "{\"s\":\"a\\\"b\\u00e9\",\"i\":42,\"l\":9007199254740993,\"big\":123456789012345678901234567890,"
            + "\"d\":1.25,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"x\",{\"k\":[]}],\"o\":{}}";

    @Test
    void parsesLikeTheObjectMapper() throws IOException {
        assertThat(JsonTrees.parse(SAMPLE)).isEqualTo(new ObjectMapper().readTree(SAMPLE));
        assertThat(JsonTrees.parse(SAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8)).get("l").asLong())
                .isEqualTo(9007199254740993L);
        assertThat(JsonTrees.parse("").isMissingNode()).isTrue();
        assertThatThrownBy(() -> JsonTrees.parse("{\"a\":1} x")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTrees.parse("<html>")).isInstanceOf(IOException.class);
    }

    @Test
    void writesTreesAndPlainValues() throws IOException {
        JsonNode tree = JsonTrees.parse(SAMPLE);
        assertThat(new ObjectMapper().readTree(JsonTrees.write(tree))).isEqualTo(tree);
        assertThat(new ObjectMapper().readTree(JsonTrees.pretty(tree))).isEqualTo(tree);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "k\n1");
        body.put("permissions", List.of("tokens:read"));
        body.put("ttl_seconds", 60L);
        body.put("none", null);
        assertThat(JsonTrees.write(body))
                .isEqualTo("{\"name\":\"k\\n1\",\"permissions\":[\"tokens:read\"],\"ttl_seconds\":60,\"none\":null}");
    }
}
