package dev.tokenvault.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The status derivation, rule by rule (ConnectionStatusSqlTest checks that the SQL form agrees). */
class ConnectionStatusTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static Stream<Arguments> cases() {
        return ConnectionStatusCases.all().map(c -> Arguments.of(c.name(), c.facts(NOW), c.expected()));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void derivesTheStatus(String name, ConnectionStatus.Facts facts, ConnectionStatus expected) {
        assertThat(ConnectionStatus.of(facts)).isEqualTo(expected);
    }
}
