package dev.tokenvault.client.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import dev.tokenvault.client.AccessToken;
import dev.tokenvault.client.AuthorizedHttpClient;
import dev.tokenvault.client.TokenKey;
import dev.tokenvault.client.TokenVault;
import dev.tokenvault.client.testing.FakeApi;

/**
 * The library's cached hit: {@code vault.token(project, provider, subject)} when the token is in this process's cache
 * (the first call went to a local stand-in of the token endpoint; every measured call is answered from the cache),
 * next to a bare {@link ConcurrentHashMap#get} (the floor: a map read of the same key), and the request decorator
 * that puts the token into a provider request. Run by bench/clients.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenCacheBenchmark {

    FakeApi tokenEndpoint;
    TokenVault vault;
    TokenKey key;
    AuthorizedHttpClient client;
    HttpRequest request;
    ConcurrentHashMap<TokenKey, String> map;

    @Setup
    public void setUp() {
        tokenEndpoint = new FakeApi(r -> new FakeApi.Answer(200, "{\"access_token\":\"bench-access-token\","
                + "\"token_type\":\"Bearer\",\"expires_in\":86400,\"scopes\":[\"read\"]}"));
        vault = TokenVault.builder().baseUrl(tokenEndpoint.url()).apiKey("tvk_bench").build();
        key = TokenKey.of("bench", "github", "company-42");
        vault.token(key); // the one request; everything measured is a cached hit
        client = vault.client(key, java.net.http.HttpClient.newHttpClient());
        request = HttpRequest.newBuilder(URI.create("https://api.example.com/user")).build();
        map = new ConcurrentHashMap<>();
        map.put(TokenKey.of("bench", "github", "company-42"), "x");
        if (tokenEndpoint.requests().size() != 1) {
            throw new IllegalStateException("expected one request to the token endpoint");
        }
    }

    @TearDown
    public void tearDown() {
        if (tokenEndpoint.requests().size() != 1) {
            throw new IllegalStateException("a measured call left the cache: " + tokenEndpoint.requests().size());
        }
        tokenEndpoint.close();
    }

    @Benchmark
    public AccessToken cachedHit() {
        return vault.token("bench", "github", "company-42");
    }

    @Benchmark
    @Threads(2)
    public AccessToken cachedHitTwoThreads() {
        return vault.token("bench", "github", "company-42");
    }

    @Benchmark
    public String mapGetFloor() {
        return map.get(TokenKey.of("bench", "github", "company-42"));
    }

    @Benchmark
    public HttpRequest decorateRequest() {
        return client.authorize(request);
    }
}
