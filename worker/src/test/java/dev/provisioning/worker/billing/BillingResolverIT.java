package dev.provisioning.worker.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.contracts.payload.BillingKind;
import dev.provisioning.worker.account.ApplyScript;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.account.Limits;
import dev.provisioning.worker.account.RedisAccountStore;
import dev.provisioning.worker.account.RedisRouteSource;
import dev.provisioning.worker.account.StoreOutcome;
import dev.provisioning.worker.local.LocalRedis;
import dev.provisioning.worker.provisioning.TestRequests;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resolver and the near cache against a Redis of their own, so that INFO commandstats counts
 * only the commands of these tests.
 */
class BillingResolverIT {
    private static final String ACCOUNT = "acc-resolve";
    private static final String PROJECT = EntityIds.project(ACCOUNT, "signup");
    private static final String FIRST_BILLING = EntityIds.billingAccount(ACCOUNT, "signup");
    private static final String RELINKED_ACCOUNT = "acc-relinked";
    private static final String PREFIX = "resolve";

    private static LocalRedis server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> redis;
    private static Vertx vertx;
    private static RedisAccountStore store;

    @BeforeAll
    static void seedAccounts() throws Exception {
        server = LocalRedis.start();
        client = RedisClient.create(server.uri());
        redis = client.connect();
        vertx = Vertx.vertx();
        ApplyScript script = ApplyScript.load();
        redis.sync().scriptLoad(script.source());
        store =
                new RedisAccountStore(
                        redis.async(), vertx.getOrCreateContext(), script, PREFIX, Limits.DEFAULTS);
        seed(ACCOUNT);
        seed(RELINKED_ACCOUNT);
    }

    private static void seed(String account) throws Exception {
        String project = EntityIds.project(account, "signup");
        String billing = EntityIds.billingAccount(account, "signup");
        apply(TestRequests.signUp("signup", account, "PREPAID", "EUR"), null);
        apply(TestRequests.credit("credit", account, billing, "100.00", "EUR"), null);
        apply(TestRequests.billingAccountCreate("second", account, "POSTPAID", "EUR"), null);
        for (int i = 0; i < 2; i++) {
            apply(
                    TestRequests.subprojectCreate(
                            "client-" + i, account, project, "Client", "c-" + i),
                    null);
        }
    }

    /** Loads the resolver's script into Redis, so the measured calls see no NOSCRIPT retry. */
    private static void warmUpRouteScript() throws Exception {
        BillingResolver warmUp = newResolver(new BillingRoutes(10, new SimpleMeterRegistry()));
        await(warmUp.resolve(RELINKED_ACCOUNT, EntityIds.project(RELINKED_ACCOUNT, "signup")));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void concurrentMissesOnOneKey_oneRedisFetch() throws Exception {
        BillingResolver resolver = newResolver(new BillingRoutes(1_000, new SimpleMeterRegistry()));
        String subproject = EntityIds.subproject(ACCOUNT, "client-0");
        int callers = 64;
        warmUpRouteScript();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<Future<Optional<BillingRoute>>>> calls = new ArrayList<>();

        long before = evalshaCalls();
        for (int i = 0; i < callers; i++) {
            calls.add(
                    threads.submit(
                            () -> {
                                start.await();
                                return resolver.resolve(ACCOUNT, subproject);
                            }));
        }
        start.countDown();
        List<Optional<BillingRoute>> routes = new ArrayList<>();
        for (var call : calls) {
            routes.add(await(call.get(10, TimeUnit.SECONDS)));
        }
        long after = evalshaCalls();
        threads.shutdown();

        BillingRoute expected =
                new BillingRoute(
                        ACCOUNT, PROJECT, subproject, FIRST_BILLING, "EUR", BillingKind.PREPAID);
        assertThat(routes).hasSize(callers).allMatch(route -> route.equals(Optional.of(expected)));
        assertThat(after - before).isEqualTo(1);
        assertThat(resolver.fetchCount()).isEqualTo(1);
    }

    @Test
    void resolveAfterFetch_servedFromCacheWithoutRedis() throws Exception {
        BillingResolver resolver = newResolver(new BillingRoutes(1_000, new SimpleMeterRegistry()));
        String subproject = EntityIds.subproject(ACCOUNT, "client-1");
        await(resolver.resolve(ACCOUNT, subproject));

        long before = evalshaCalls();
        Optional<BillingRoute> route = await(resolver.resolve(ACCOUNT, subproject));

        assertThat(route).isPresent();
        assertThat(evalshaCalls() - before).isZero();
    }

    @Test
    void resolveUnknownOrForeignEntity_empty() throws Exception {
        BillingResolver resolver = newResolver(new BillingRoutes(1_000, new SimpleMeterRegistry()));

        assertThat(await(resolver.resolve(ACCOUNT, "sub-missing"))).isEmpty();
        assertThat(await(resolver.resolve("acc-other", PROJECT))).isEmpty();
    }

    @Test
    void relinkSeenByOtherCache_staleHintNeverChargesOldAccount() throws Exception {
        String account = RELINKED_ACCOUNT;
        String project = EntityIds.project(account, "signup");
        String second = EntityIds.billingAccount(account, "second");
        String subproject = EntityIds.subproject(account, "client-0");
        BillingRoutes firstWorker = new BillingRoutes(1_000, new SimpleMeterRegistry());
        BillingRoutes secondWorker = new BillingRoutes(1_000, new SimpleMeterRegistry());
        await(newResolver(firstWorker).resolve(account, subproject));
        apply(TestRequests.linkBillingAccount("relink", account, project, second), null);
        assertThat(await(newResolver(secondWorker).resolve(account, subproject)).orElseThrow())
                .extracting(BillingRoute::billingAccountId)
                .isEqualTo(second);

        BillingRoute stale = firstWorker.lookup(account, null, subproject);
        StoreOutcome outcome =
                apply(TestRequests.usage("u-stale", account, subproject, "1.00", "EUR"), stale);
        firstWorker.afterCharge(subproject, outcome.hintCheck(), outcome.resolvedRoute());

        assertThat(stale.billingAccountId()).isEqualTo(EntityIds.billingAccount(account, "signup"));
        assertThat(outcome.hintCheck()).isEqualTo(HintCheck.STALE);
        assertThat(outcome.resourceJson()).contains("\"billingAccountId\":\"" + second);
        assertThat(firstWorker.lookup(account, null, subproject).billingAccountId())
                .isEqualTo(second);
    }

    private static BillingResolver newResolver(BillingRoutes routes) {
        return new BillingResolver(routes, new RedisRouteSource(redis.async(), PREFIX), null);
    }

    private static StoreOutcome apply(String json, BillingRoute hint) throws Exception {
        DecodedRequest decoded = new RequestDecoder().decode(json.getBytes(StandardCharsets.UTF_8));
        ProvisioningRequest request = ((DecodedRequest.Accepted) decoded).request();
        return await(store.apply(request, Instant.parse("2026-12-04T10:00:00Z"), hint));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static long evalshaCalls() {
        for (String line : redis.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:calls=")) {
                String calls = line.substring("cmdstat_evalsha:calls=".length());
                return Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return 0;
    }
}
