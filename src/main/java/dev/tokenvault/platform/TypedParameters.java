package dev.tokenvault.platform;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Parses typed path and query parameters once, for every resource: ids ({@link UUID}), integers, booleans and
 * RFC 3339 timestamps. A path id that does not parse is {@code 404} (it names nothing); a query parameter that
 * does not parse is {@code 400} naming the parameter. Resources declare {@code @PathParam("id") UUID id} or
 * {@code @QueryParam("min_ttl") int minTtl} instead of parsing strings themselves.
 */
@Provider
public class TypedParameters implements ParamConverterProvider {

    static final int MAX_DIGITS = 18;

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = parameterName(annotations);
        boolean path = isPath(annotations);
        if (rawType == UUID.class) {
            return (ParamConverter<T>) converter(value -> uuid(value, name, path), UUID::toString);
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) converter(value -> (int) integer(value, name, Integer.MIN_VALUE,
                    Integer.MAX_VALUE), String::valueOf);
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) converter(value -> integer(value, name, Long.MIN_VALUE, Long.MAX_VALUE),
                    String::valueOf);
        }
        if (rawType == Boolean.class || rawType == boolean.class) {
            return (ParamConverter<T>) converter(value -> bool(value, name), String::valueOf);
        }
        if (rawType == Instant.class) {
            return (ParamConverter<T>) converter(value -> instant(value, name), Instant::toString);
        }
        return null;
    }

    static UUID uuid(String value, String name, boolean path) {
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw path ? InvalidParameter.notFound() : InvalidParameter.invalid(name + " must be a UUID");
    }

    static long integer(String value, String name, long min, long max) {
        String trimmed = value.trim();
        if (!trimmed.matches("-?\\d{1," + MAX_DIGITS + "}")) {
            throw InvalidParameter.invalid(name + " must be an integer");
        }
        long parsed = Long.parseLong(trimmed);
        if (parsed < min || parsed > max) {
            throw InvalidParameter.invalid(name + " is out of range");
        }
        return parsed;
    }

    static boolean bool(String value, String name) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw InvalidParameter.invalid(name + " must be true or false");
        };
    }

    static Instant instant(String value, String name) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw InvalidParameter.invalid(name + " must be an RFC 3339 UTC timestamp, e.g. 2026-01-31T12:00:00Z");
        }
    }

    private static <T> ParamConverter<T> converter(Function<String, T> from, Function<T, String> to) {
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                return value == null || value.isEmpty() ? null : from.apply(value);
            }

            @Override
            public String toString(T value) {
                return value == null ? null : to.apply(value);
            }
        };
    }

    private static String parameterName(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof jakarta.ws.rs.QueryParam q) {
                    return q.value();
                }
                if (annotation instanceof jakarta.ws.rs.PathParam p) {
                    return p.value();
                }
            }
        }
        return "parameter";
    }

    private static boolean isPath(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof jakarta.ws.rs.PathParam) {
                    return true;
                }
            }
        }
        return false;
    }
}
