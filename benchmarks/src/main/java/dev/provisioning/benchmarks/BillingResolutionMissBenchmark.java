package dev.provisioning.benchmarks;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.worker.account.AccountKeys;
import dev.provisioning.worker.account.ApplyScript;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.account.Limits;
import dev.provisioning.worker.account.RedisAccountStore;
import dev.provisioning.worker.account.RedisRouteSource;
import dev.provisioning.worker.billing.BillingResolver;
import dev.provisioning.worker.billing.BillingRoute;
import dev.provisioning.worker.billing.BillingRoutes;
import dev.provisioning.worker.local.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A near-cache miss through {@link BillingResolver#resolve}: one EVALSHA that decodes the
 * subproject, project and billing account documents inside Redis, beside a bare round trip that
 * reads one document with HGET over the same connection, in the same run.
 *
 * <p>The resolver's cache keeps no entries, so every call is a miss. Redis is the one {@code
 * REDIS_URL} names, or a {@code redis-server} started on a free loopback port for the run.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && $JAVA_HOME/bin/java -jar
 * benchmarks/target/benchmarks.jar BillingResolutionMissBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BillingResolutionMissBenchmark {
    private static final String ACCOUNT = "bench-acc";
    private static final String PREFIX = "bench-" + System.nanoTime();
    private static final int SUBPROJECTS = 100;
    private static final int LOOKUP_ORDER_LENGTH = 1 << 12;

    private RedisEndpoint endpoint;
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;
    private Vertx vertx;
    private BillingResolver resolver;
    private String entitiesKey;
    private String[] subprojectIds;
    private int[] lookupOrder;
    private int next;

    @Setup(Level.Trial)
    public void seedAccount() throws Exception {
        endpoint = RedisEndpoint.fromEnvironmentOrLocal();
        client = RedisClient.create(endpoint.uri());
        redis = client.connect();
        vertx = Vertx.vertx();
        ApplyScript script = ApplyScript.load();
        redis.sync().scriptLoad(script.source());
        RedisAccountStore store =
                new RedisAccountStore(
                        redis.async(), vertx.getOrCreateContext(), script, PREFIX, Limits.DEFAULTS);
        String project = EntityIds.project(ACCOUNT, "signup");
        apply(store, signUp());
        subprojectIds = new String[SUBPROJECTS];
        for (int i = 0; i < SUBPROJECTS; i++) {
            apply(store, subprojectCreate("client-" + i, project));
            subprojectIds[i] = EntityIds.subproject(ACCOUNT, "client-" + i);
        }
        entitiesKey = new AccountKeys(PREFIX, ACCOUNT).entities();
        BillingRoutes noCache = new BillingRoutes(0, new SimpleMeterRegistry());
        resolver = new BillingResolver(noCache, new RedisRouteSource(redis.async(), PREFIX), null);
        lookupOrder = new SplittableRandom(42).ints(LOOKUP_ORDER_LENGTH, 0, SUBPROJECTS).toArray();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        redis.sync().del(redis.sync().keys(PREFIX + ":*").toArray(String[]::new));
        redis.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        endpoint.close();
    }

    private String nextSubproject() {
        return subprojectIds[lookupOrder[next++ & (LOOKUP_ORDER_LENGTH - 1)]];
    }

    /** Baseline: one round trip that reads the subproject document and decodes nothing. */
    @Benchmark
    public String bareHgetRoundTrip() throws Exception {
        return redis.async().hget(entitiesKey, nextSubproject()).get(2, TimeUnit.SECONDS);
    }

    @Benchmark
    public Optional<BillingRoute> resolveMiss() throws Exception {
        return resolver.resolve(ACCOUNT, nextSubproject())
                .toCompletionStage()
                .toCompletableFuture()
                .get(2, TimeUnit.SECONDS);
    }

    private static void apply(RedisAccountStore store, String json) throws Exception {
        DecodedRequest decoded = new RequestDecoder().decode(json.getBytes(StandardCharsets.UTF_8));
        if (!(decoded instanceof DecodedRequest.Accepted accepted)) {
            throw new IllegalStateException("benchmark request was not accepted: " + decoded);
        }
        store.apply(accepted.request(), Instant.now(), null)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private static String signUp() {
        return """
                {"specVersion":"1","requestId":"signup","accountId":"%s","type":"account.create",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"displayName":"ASP",\
                "billingAccount":{"kind":"PREPAID","currency":"EUR","payer":{"name":"ASP Ltd",\
                "address":"1 Main Street","taxId":"TAX-1"}},"project":{"displayName":"Clients"}}}
                """
                .formatted(ACCOUNT)
                .strip();
    }

    private static String subprojectCreate(String requestId, String parentProjectId) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"subproject.create",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"parentProjectId":"%s",\
                "displayName":"Client","externalRef":"%s"}}
                """
                .formatted(requestId, ACCOUNT, parentProjectId, requestId)
                .strip();
    }
}
