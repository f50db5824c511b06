package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.local.SharedInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the same request sequences against the Redis apply script and the in-memory rules and
 * requires equal outcomes at every step: status, code, reason, message, time, replay flag, and the
 * resource and changelog documents compared as JSON trees.
 */
class AccountStoreConformanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");
    private static final Limits RANDOM_LIMITS = new Limits(4, 6, 4, Duration.ofHours(1));
    private static final int RANDOM_REQUESTS = 400;

    private static Vertx vertx;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        client = RedisClient.create(SharedInfrastructure.redis().uri());
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() throws Exception {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        await(vertx.close());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.provisioning.worker.account.ConformanceScenarios#all")
    void scenario_bothStores_sameOutcomeEachStep(String name, List<String> documents)
            throws Exception {
        AccountStore redis = redisStore(ConformanceScenarios.LIMITS);
        AccountStore memory = new InMemoryAccountStore(ConformanceScenarios.LIMITS);

        for (int step = 0; step < documents.size(); step++) {
            String document = documents.get(step);
            String where = name + ", step " + step + ": " + document;

            applyToBoth(redis, memory, document, START.plusSeconds(step), where);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 20261204})
    void randomSequence_bothStores_sameOutcomeEachStep(long seed) throws Exception {
        AccountStore redis = redisStore(RANDOM_LIMITS);
        AccountStore memory = new InMemoryAccountStore(RANDOM_LIMITS);
        RandomRequests requests = new RandomRequests(seed, List.of("acc-a", "acc-b", "acc-c"));
        int succeeded = 0;

        for (int step = 0; step < RANDOM_REQUESTS; step++) {
            String document = requests.next();
            String where = "seed " + seed + ", step " + step + ": " + document;

            StoreOutcome outcome =
                    applyToBoth(redis, memory, document, START.plusMillis(step * 1_500L), where);
            requests.observe(outcome);
            succeeded += outcome.status() == ResultStatus.SUCCEEDED ? 1 : 0;
        }

        assertThat(succeeded)
                .as("seed %d: successes, so that the sequence builds real state", seed)
                .isGreaterThan(RANDOM_REQUESTS / 4);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"billing-account.create", "project.create", "subproject.create"})
    void createRetriedAfterRequestIdExpired_bothStores_entityExistsUnchanged(String type)
            throws Exception {
        String prefix = "conformance-" + UUID.randomUUID();
        AccountStore redis =
                new RedisAccountStore(
                        connection.async(),
                        vertx.getOrCreateContext(),
                        ApplyScript.load(),
                        prefix,
                        ConformanceScenarios.LIMITS);
        InMemoryAccountStore memory = new InMemoryAccountStore(ConformanceScenarios.LIMITS);
        String account = "acc-late";
        String billing = EntityIds.billingAccount(account, "signup");
        String project = EntityIds.project(account, "signup");
        String create =
                switch (type) {
                    case "billing-account.create" ->
                            RequestDocuments.billingCreate("late", account, "PREPAID", "EUR", null);
                    case "project.create" ->
                            RequestDocuments.projectCreate("late", account, billing);
                    default -> RequestDocuments.subprojectCreate("late", account, project, null);
                };
        applyToBoth(
                redis,
                memory,
                RequestDocuments.signUp("signup", account, "PREPAID", "EUR"),
                START,
                type + " sign-up");
        StoreOutcome first = applyToBoth(redis, memory, create, START.plusSeconds(1), type);

        connection.sync().del(new AccountKeys(prefix, account).request("late"));
        memory.forgetRequest(account, "late");
        StoreOutcome late =
                applyToBoth(redis, memory, create, START.plusSeconds(2), type + " after expiry");

        assertThat(late.reason()).isEqualTo("ENTITY_EXISTS");
        assertThat(tree(late.resourceJson())).isEqualTo(tree(first.resourceJson()));
        assertThat(late.changelog()).isEmpty();
    }

    private static AccountStore redisStore(Limits limits) {
        String prefix = "conformance-" + UUID.randomUUID();
        return new RedisAccountStore(
                connection.async(), vertx.getOrCreateContext(), ApplyScript.load(), prefix, limits);
    }

    /** Applies one document to both stores, checks their outcomes match, returns Redis's. */
    private static StoreOutcome applyToBoth(
            AccountStore redis, AccountStore memory, String document, Instant now, String where)
            throws Exception {
        ProvisioningRequest request = RequestDocuments.decode(document);

        StoreOutcome expected = await(redis.apply(request, now, null));
        StoreOutcome actual = await(memory.apply(request, now, null));

        assertSameOutcome(expected, actual, where);
        return expected;
    }

    static void assertSameOutcome(StoreOutcome expected, StoreOutcome actual, String where) {
        String context = where + "\nexpected " + expected + "\nactual   " + actual;
        assertThat(actual.status()).as(context).isEqualTo(expected.status());
        assertThat(actual.code()).as(context).isEqualTo(expected.code());
        assertThat(actual.reason()).as(context).isEqualTo(expected.reason());
        assertThat(actual.message()).as(context).isEqualTo(expected.message());
        assertThat(actual.processedAt()).as(context).isEqualTo(expected.processedAt());
        assertThat(actual.replayed()).as(context).isEqualTo(expected.replayed());
        assertThat(tree(actual.resourceJson()))
                .as(context)
                .isEqualTo(tree(expected.resourceJson()));
        assertThat(actual.changelog()).as(context).hasSameSizeAs(expected.changelog());
        for (int i = 0; i < expected.changelog().size(); i++) {
            ChangelogEntry expectedEntry = expected.changelog().get(i);
            ChangelogEntry actualEntry = actual.changelog().get(i);
            assertThat(actualEntry.entityId()).as(context).isEqualTo(expectedEntry.entityId());
            assertThat(tree(actualEntry.stateJson()))
                    .as(context)
                    .isEqualTo(tree(expectedEntry.stateJson()));
        }
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
