package dev.tokenvault.apikey;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A {@code tvk_} key presented as a bearer token whose checksum is already known to be right. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final ApiKeyFormat.Parsed key;

    public ApiKeyAuthenticationRequest(ApiKeyFormat.Parsed key) {
        this.key = key;
    }

    public ApiKeyFormat.Parsed key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticationRequest"; // never the key
    }
}
