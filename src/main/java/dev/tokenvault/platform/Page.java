package dev.tokenvault.platform;

import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of a list: {@code {"items": [...], "next_page_token": "..." | null}}. */
@Schema(requiredProperties = "items")
public record Page<T>(List<T> items, String nextPageToken) {

    /**
     * Builds a page from up to {@code size + 1} rows fetched in order: the extra row only tells that there is
     * more, and the cursor of the last row shown becomes the next page token.
     */
    public static <E, T> Page<T> of(List<E> rows, int size, Function<E, Cursor> cursorOf, Function<E, T> view) {
        boolean more = rows.size() > size;
        List<E> shown = more ? rows.subList(0, size) : rows;
        String next = more ? cursorOf.apply(shown.get(shown.size() - 1)).encode() : null;
        return new Page<>(shown.stream().map(view).toList(), next);
    }
}
