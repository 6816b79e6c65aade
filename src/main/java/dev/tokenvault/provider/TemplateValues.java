package dev.tokenvault.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.tokenvault.platform.ApiException;
import dev.tokenvault.provider.UrlTemplate.Slot;

/**
 * The parameters given to make a provider from a catalog entry, checked: only those the entry declares, each value
 * fitting the place it stands in (a host label, a host, a path segment, an https base URL), defaults where none is
 * given. Filling a URL that needs a parameter without value is a {@code 400} naming it.
 */
final class TemplateValues {

    private final CatalogEntry entry;
    private final Map<String, String> values;

    private TemplateValues(CatalogEntry entry, Map<String, String> values) {
        this.entry = entry;
        this.values = values;
    }

    /** The checked values of {@code given} for {@code entry}; {@code callable} is the outgoing-URL rule. */
    static TemplateValues of(CatalogEntry entry, Map<String, String> given, Predicate<String> callable) {
        Map<String, Slot> slots = slots(entry);
        Map<String, CatalogEntry.Parameter> declared = new LinkedHashMap<>();
        entry.parameters().forEach(p -> declared.put(p.name(), p));
        Map<String, String> supplied = given == null ? Map.of() : given;
        for (String name : supplied.keySet()) {
            if (!declared.containsKey(name)) {
                throw ApiException.invalidRequest("field 'parameters' holds '" + clip(name) + "', which template '"
                        + entry.id() + "' does not take" + (declared.isEmpty() ? "" : " (it takes "
                                + String.join(", ", declared.keySet()) + ")"));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (CatalogEntry.Parameter p : declared.values()) {
            String value = supplied.containsKey(p.name()) ? supplied.get(p.name()) : p.defaultValue();
            if (value == null) {
                continue;
            }
            Slot slot = slots.get(p.name());
            String fitted = UrlTemplate.fits(slot, value.trim(), callable);
            if (fitted == null) {
                throw ApiException.invalidRequest("parameter '" + p.name() + "' must be " + slot.expected
                        + (p.example() == null ? "" : ", e.g. " + p.example()));
            }
            values.put(p.name(), fitted);
        }
        return new TemplateValues(entry, values);
    }

    String get(String name) {
        return values.get(name);
    }

    /** The template with the values put in; {@code 400} naming a parameter that it needs and that has no value. */
    String fill(String template) {
        for (String name : UrlTemplate.slots(template).keySet()) {
            if (!values.containsKey(name)) {
                CatalogEntry.Parameter p = entry.parameters().stream().filter(x -> x.name().equals(name)).findFirst()
                        .orElseThrow();
                throw ApiException.invalidRequest("parameter '" + name + "' is required by template '" + entry.id()
                        + "': " + p.description());
            }
        }
        return UrlTemplate.fill(template, values);
    }

    /** Where each parameter of the entry stands (the catalog made sure it is one kind of place per parameter). */
    static Map<String, Slot> slots(CatalogEntry entry) {
        Map<String, Slot> slots = new LinkedHashMap<>();
        for (String url : java.util.Arrays.asList(entry.authorizeUrl(), entry.tokenUrl(), entry.revocationUrl(),
                entry.discoveryUrl(), entry.validation() == null ? null : entry.validation().url())) {
            if (url != null) {
                slots.putAll(UrlTemplate.slots(url));
            }
        }
        return slots;
    }

    private static String clip(String name) {
        String printable = name.chars().filter(c -> c >= ' ').mapToObj(c -> String.valueOf((char) c))
                .collect(Collectors.joining());
        return printable.length() <= 64 ? printable : printable.substring(0, 64);
    }
}
