package dev.tokenvault.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The refresh-storm load: K concurrent token reads for each of M expired connections, spread over the given
 * replicas, all sent at once; prints the time until every read has answered. Runs on Vert.x (an event-loop
 * client), so the driver is not what is measured. Usage (bench/run.sh storm runs it):
 * {@code StormDriver TOKEN K IDS_FILE BASE_URL [BASE_URL2]}
 */
public final class StormDriver {

    /** The driver's own JIT and connection pool warm up on the cheapest endpoint before the clock starts. */
    static void warmUp(WebClient client, String base, int requests) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(requests);
        for (int i = 0; i < requests; i++) {
            client.getAbs(base + "/q/health/live").send().onComplete(r -> done.countDown());
        }
        done.await(60, TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        String token = args[0];
        int k = Integer.parseInt(args[1]);
        List<String> ids = Files.readAllLines(Path.of(args[2])).stream().filter(s -> !s.isBlank()).toList();
        List<String> bases = List.of(args).subList(3, args.length);
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(256).setKeepAlive(true)
                .setPipelining(false).setConnectTimeout(10_000));
        warmUp(client, bases.get(0), 5_000);
        CountDownLatch done = new CountDownLatch(ids.size() * k);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        int n = 0;
        for (String id : ids) {
            for (int reader = 0; reader < k; reader++) {
                String base = bases.get(n++ % bases.size());
                client.getAbs(base + "/v1/connections/" + id + "/token").bearerTokenAuthentication(token)
                        .timeout(60_000).send().onComplete(result -> {
                            if (result.succeeded() && result.result().statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                            done.countDown();
                        });
            }
        }
        done.await(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("storm: %d connections x %d readers over %d replica(s): %d ok, %d failed in %.2f s%n",
                ids.size(), k, bases.size(), ok.get(), failed.get(), seconds);
        System.out.printf("storm_seconds=%.3f%nstorm_ok=%d%nstorm_failed=%d%n", seconds, ok.get(), failed.get());
        client.close();
        vertx.close();
        System.exit(0);
    }
}
