package dev.tokenvault.platform;

import java.io.IOException;
import java.time.Instant;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * JSON bodies are read strictly, so a wrong type is a clear {@code 400} naming the field rather than a guess:
 * no number given as a string ({@code "60"}), no fraction where an integer is expected ({@code 1.5}), no number
 * or boolean where text is expected, no key given twice, no empty string for a timestamp, no {@code null} for a primitive. Text may
 * not hold a NUL character (no store accepts one), and timestamps must lie in the years 1 to 9999.
 */
@Singleton
public class JsonInput implements ObjectMapperCustomizer {

    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        for (LogicalType target : new LogicalType[] { LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean, LogicalType.DateTime }) {
            mapper.coercionConfigFor(target)
                    .setCoercion(CoercionInputShape.Integer, target == LogicalType.Integer || target == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, target == LogicalType.Float ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, target == LogicalType.Boolean ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, target == LogicalType.Textual
                            || target == LogicalType.DateTime ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        SimpleModule strict = new SimpleModule("tokenvault-strict-input");
        strict.addDeserializer(String.class, new NoNulString());
        strict.addDeserializer(Instant.class, new BoundedInstant());
        mapper.registerModule(strict);
    }

    /** Text without NUL characters; only JSON strings are text. */
    static final class NoNulString extends StdScalarDeserializer<String> {
        NoNulString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String value = p.getText();
            if (value.indexOf('\0') >= 0) {
                return (String) ctxt.handleWeirdStringValue(String.class, value, "contains a NUL character");
            }
            return value;
        }
    }

    /** RFC 3339 timestamps in the years 1 to 9999 (what PostgreSQL and every client can hold). */
    static final class BoundedInstant extends StdScalarDeserializer<Instant> {
        BoundedInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            Instant value = InstantDeserializer.INSTANT.deserialize(p, ctxt);
            if (value != null && (value.isAfter(LATEST) || value.isBefore(EARLIEST))) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(), "lies outside the years 1 to 9999");
            }
            return value;
        }
    }
}
