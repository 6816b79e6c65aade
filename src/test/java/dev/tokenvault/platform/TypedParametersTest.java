package dev.tokenvault.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TypedParametersTest {

    @Test
    void idsParseOrNameNothing() {
        UUID id = UUID.randomUUID();
        assertThat(TypedParameters.uuid(id.toString(), "id", true)).isEqualTo(id);
        assertThatThrownBy(() -> TypedParameters.uuid("not-a-uuid", "id", true))
                .isInstanceOfSatisfying(InvalidParameter.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> TypedParameters.uuid("1-1-1-1-1", "connection_id", false))
                .isInstanceOfSatisfying(InvalidParameter.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("connection_id must be a UUID");
                });
    }

    @Test
    void integersAreBoundedAndNamed() {
        assertThat(TypedParameters.integer(" 60 ", "min_ttl", 0, Integer.MAX_VALUE)).isEqualTo(60);
        assertThat(TypedParameters.integer("-5", "min_ttl", Integer.MIN_VALUE, Integer.MAX_VALUE)).isEqualTo(-5);
        for (String bad : new String[] { "1.5", "abc", "", "9".repeat(40), "1e3", "0x10", "6\u00000" }) {
            assertThatThrownBy(() -> TypedParameters.integer(bad, "min_ttl", 0, Integer.MAX_VALUE))
                    .isInstanceOfSatisfying(InvalidParameter.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).startsWith("min_ttl ");
                    });
        }
        assertThatThrownBy(() -> TypedParameters.integer("99999999999", "page_size", Integer.MIN_VALUE,
                Integer.MAX_VALUE)).hasMessage("page_size is out of range");
    }

    @Test
    void booleansAndTimestamps() {
        assertThat(TypedParameters.bool("TRUE", "force_refresh")).isTrue();
        assertThat(TypedParameters.bool("0", "force_refresh")).isFalse();
        assertThatThrownBy(() -> TypedParameters.bool("maybe", "force_refresh"))
                .hasMessage("force_refresh must be true or false");
        assertThat(TypedParameters.instant("2026-01-31T12:00:00Z", "since")).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThatThrownBy(() -> TypedParameters.instant("last-tuesday", "since")).hasMessageStartingWith("since must be");
    }
}
