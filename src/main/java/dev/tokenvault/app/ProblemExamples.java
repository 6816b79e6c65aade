package dev.tokenvault.app;

/** The example problem documents of the OpenAPI document's error responses (see {@code package-info.java}). */
final class ProblemExamples {

    static final String INVALID = """
            {"type":"https://tokenvault.dev/problems/invalid-request","title":"Bad Request","status":400,
             "detail":"unknown field 'colour'","code":"invalid_request"}""";
    static final String UNAUTHENTICATED = """
            {"type":"https://tokenvault.dev/problems/unauthenticated","title":"Unauthorized","status":401,
             "detail":"credentials are missing, invalid or expired","code":"unauthenticated"}""";
    static final String FORBIDDEN = """
            {"type":"https://tokenvault.dev/problems/forbidden","title":"Forbidden","status":403,
             "detail":"the caller may not do this","code":"forbidden"}""";
    static final String NOT_FOUND = """
            {"type":"https://tokenvault.dev/problems/not-found","title":"Not Found","status":404,
             "detail":"connection not found","code":"not_found"}""";
    static final String CONFLICT = """
            {"type":"https://tokenvault.dev/problems/conflict","title":"Conflict","status":409,
             "detail":"provider 'github' exists","code":"conflict"}""";
    static final String NEEDS_REAUTH = """
            {"type":"https://tokenvault.dev/problems/needs-reauth","title":"Conflict","status":409,
             "detail":"the provider refused the refresh token; reconnect","code":"needs_reauth"}""";
    static final String AMBIGUOUS = """
            {"type":"https://tokenvault.dev/problems/conflict","title":"Conflict","status":409,
             "detail":"the project has several connections to this provider; name one with 'subject': company-42,\
             company-43","code":"conflict"}""";
    static final String TOO_LARGE = """
            {"type":"https://tokenvault.dev/problems/payload-too-large","title":"Request Entity Too Large","status":413,
             "detail":"request body exceeds 64 KiB","code":"payload_too_large"}""";
    static final String RATE_LIMITED = """
            {"type":"https://tokenvault.dev/problems/rate-limited","title":"Too Many Requests","status":429,
             "detail":"too many attempts, retry later","code":"rate_limited"}""";
    static final String PROVIDER_UNAVAILABLE = """
            {"type":"https://tokenvault.dev/problems/provider-unavailable","title":"Service Unavailable","status":503,
             "detail":"the provider failed recently; the next attempt is scheduled","code":"provider_unavailable"}""";

    private ProblemExamples() {
    }
}
