package dev.tokenvault.leak;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenvault.apikey.ApiKeyFormat;
import dev.tokenvault.apikey.ApiKeyRepository;
import dev.tokenvault.audit.AuditEvent;
import dev.tokenvault.audit.AuditWriter;
import dev.tokenvault.crypto.Fingerprinter;
import dev.tokenvault.platform.ApiException;
import dev.tokenvault.platform.RequestInfo;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * GitHub's secret scanning partner program for {@code tvk_} keys: GitHub posts the keys it found in public code,
 * signed with one of its published keys; every key this service knows is revoked at once (deleted, so refused on every
 * replica) and {@code api_key.leaked} announced. The answer labels each token {@code true_positive} (a key of this
 * service, now revoked) or {@code false_positive} (not a key of this service, or no longer one).
 */
@ApplicationScoped
public class SecretScanningService {

    /** Most tokens one report may carry (GitHub sends batches; the body limit holds far fewer anyway). */
    static final int MAX_TOKENS = 1000;
    static final int MAX_TEXT = 2048;
    static final String ACTOR = "github-secret-scanning";

    /** One token of GitHub's report, as answered. */
    public record Label(String tokenHash, String tokenType, String label) {
    }

    private final GitHubKeys githubKeys;
    private final ApiKeyRepository keys;
    private final AuditWriter audit;
    private final Fingerprinter fingerprinter;
    private final ObjectMapper json;

    public SecretScanningService(GitHubKeys githubKeys, ApiKeyRepository keys, AuditWriter audit,
            Fingerprinter fingerprinter, ObjectMapper json) {
        this.githubKeys = githubKeys;
        this.keys = keys;
        this.audit = audit;
        this.fingerprinter = fingerprinter;
        this.json = json;
    }

    /** Checks the signature over the raw body ({@code 401} and nothing done if it is missing or wrong), then acts. */
    public Uni<List<Label>> report(String keyId, String signature, byte[] body, RequestInfo info) {
        if (keyId == null || keyId.isBlank() || signature == null || signature.isBlank() || keyId.length() > 512
                || signature.length() > 1024) {
            return Uni.createFrom().failure(ApiException.unauthenticated(
                    "Github-Public-Key-Identifier and Github-Public-Key-Signature are required"));
        }
        return githubKeys.verify(keyId.trim(), signature, body)
                .invoke(valid -> {
                    if (!valid) {
                        throw ApiException.unauthenticated("the signature does not verify under GitHub's key");
                    }
                })
                .map(valid -> reported(body))
                .flatMap(reported -> Multi.createFrom().iterable(reported)
                        .onItem().transformToUniAndConcatenate(token -> label(token, info))
                        .collect().asList());
    }

    /** One token GitHub found, and where. */
    record Reported(String token, String type, String url, String source) {
        @Override
        public String toString() {
            return "Reported[type=" + type + "]";
        }
    }

    List<Reported> reported(byte[] body) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (java.io.IOException e) {
            throw ApiException.invalidRequest("the body is not JSON");
        }
        if (tree == null || !tree.isArray()) {
            throw ApiException.invalidRequest("the body must be a JSON array of {token, type, url, source}");
        }
        if (tree.size() > MAX_TOKENS) {
            throw ApiException.invalidRequest("at most " + MAX_TOKENS + " tokens per report");
        }
        List<Reported> reported = new java.util.ArrayList<>();
        for (JsonNode item : tree) {
            if (!item.isObject() || !item.path("token").isTextual()) {
                throw ApiException.invalidRequest("every entry needs a string 'token'");
            }
            reported.add(new Reported(item.get("token").asText(), text(item, "type"), text(item, "url"),
                    text(item, "source")));
        }
        return reported;
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual()) {
            return null;
        }
        String text = value.asText();
        return text.length() > MAX_TEXT || text.chars().anyMatch(Character::isISOControl) ? null : text;
    }

    private Uni<Label> label(Reported reported, RequestInfo info) {
        byte[] sha256 = ApiKeyFormat.sha256(reported.token());
        String hash = HexFormat.of().formatHex(sha256);
        if (ApiKeyFormat.parse(reported.token()) == null) {
            return Uni.createFrom().item(new Label(hash, reported.type(), "false_positive"));
        }
        String fingerprint = fingerprinter.fingerprint(reported.token());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reported_by", ACTOR);
        details.put("url", reported.url());
        details.put("source", reported.source());
        return keys.findLeaked(sha256, null)
                .flatMap(found -> Multi.createFrom().iterable(found)
                        .onItem().transformToUniAndConcatenate(key -> keys.revokeLeaked(key.id(), details)
                                .call(revoked -> audit.record(AuditEvent.of("leak.revoke").actor("system", ACTOR)
                                        .request(info).project(key.projectId()).fingerprint(fingerprint)
                                        .success(200))))
                        .collect().asList())
                .map(revoked -> new Label(hash, reported.type(), revoked.contains(true) ? "true_positive"
                        : "false_positive"));
    }
}
