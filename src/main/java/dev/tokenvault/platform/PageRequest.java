package dev.tokenvault.platform;

/** The {@code page_size} and {@code page_token} query parameters, checked. */
public record PageRequest(int size, Cursor after) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public static PageRequest of(Integer pageSize, String pageToken) {
        int size = pageSize == null ? DEFAULT_SIZE : pageSize;
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.invalidRequest("page_size must be between 1 and " + MAX_SIZE);
        }
        Cursor after = pageToken == null || pageToken.isBlank() ? null : Cursor.decode(pageToken);
        return new PageRequest(size, after);
    }
}
