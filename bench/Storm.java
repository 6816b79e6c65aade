// Refresh-storm driver (JDK only): `java Storm.java TOKEN K IDS_FILE BASE_URL [BASE_URL2]`.
// Sends K concurrent token reads for every connection id (all expired), spread over the given replicas,
// waits for all, and prints the wall time. Upstream calls are read from the token endpoint's /stats.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

public class Storm {
    public static void main(String[] args) throws Exception {
        String token = args[0];
        int k = Integer.parseInt(args[1]);
        List<String> ids = Files.readAllLines(Path.of(args[2])).stream().filter(s -> !s.isBlank()).toList();
        List<String> bases = List.of(args).subList(3, args.length);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(java.util.concurrent.Executors.newFixedThreadPool(4)).build();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        long start = System.nanoTime();
        int n = 0;
        for (int round = 0; round < k; round++) {
            for (String id : ids) {
                String base = bases.get(n++ % bases.size());
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/connections/" + id + "/token"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
                calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
                    if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }).exceptionally(e -> {
                    failed.incrementAndGet();
                    return null;
                }));
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("storm: %d connections x %d readers over %d replica(s): %d ok, %d failed in %.2f s%n",
                ids.size(), k, bases.size(), ok.get(), failed.get(), seconds);
        System.out.printf("storm_seconds=%.3f%nstorm_ok=%d%nstorm_failed=%d%n", seconds, ok.get(), failed.get());
        System.exit(0);
    }
}
