package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.billing.BillingRoute;
import dev.provisioning.worker.local.LocalRedisCluster;
import dev.provisioning.worker.provisioning.TestRequests;
import dev.provisioning.worker.provisioning.WorkerHarness;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Redis store, the billing route reader and the whole worker on a Redis Cluster of three
 * masters, with accounts whose hash tags put them on every master. Outcomes must equal those of the
 * in-memory rules step by step; a CROSSSLOT or NOSCRIPT error would fail the request instead.
 *
 * <p>Skipped when {@code redis-server} or {@code redis-cli} is not installed.
 */
class RedisClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final Limits RANDOM_LIMITS = new Limits(4, 6, 4, Duration.ofHours(1));
    private static final int RANDOM_REQUESTS = 400;

    /** Account pairs each scenario runs for; their hash tags fall on all three masters. */
    private static final int SCENARIO_ACCOUNT_PAIRS = 6;

    private static LocalRedisCluster cluster;
    private static RedisConnector redis;
    private static RedisClusterClient inspectionClient;
    private static StatefulRedisClusterConnection<String, String> inspection;
    private static Vertx vertx;

    @BeforeAll
    static void startCluster() {
        assumeTrue(
                LocalRedisCluster.isInstalled(),
                "redis-server and redis-cli are not on PATH, so the Redis Cluster tests are"
                        + " skipped");

        cluster = LocalRedisCluster.start();
        redis =
                RedisConnector.connect(
                        new RedisSettings(cluster.seedUri(), true, COMMAND_TIMEOUT), 1_000);
        inspectionClient = RedisClusterClient.create(cluster.seedUri());
        inspection = inspectionClient.connect();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
        if (inspection != null) {
            inspection.close();
            inspectionClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (redis != null) {
            redis.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void scenarioAccounts_spreadOverEveryMaster() {
        Set<String> accounts = new HashSet<>();
        for (int pair = 0; pair < SCENARIO_ACCOUNT_PAIRS; pair++) {
            accounts.add(account(pair));
            accounts.add(otherAccount(pair));
        }

        Set<String> owners = owners(accounts);

        assertThat(owners).hasSizeGreaterThan(1);
        assertThat(owners).hasSize(LocalRedisCluster.NODE_COUNT);
    }

    /**
     * Lettuce opens node connections lazily. With REJECT_COMMANDS it rejected the first command to
     * each master of a new connection, so the connector now opens them before it returns.
     */
    @Test
    void newConnection_firstRequestOnEachMaster_succeeds() throws Exception {
        List<String> accounts = IntStream.range(0, 12).mapToObj(i -> "acc-first-" + i).toList();
        RedisSettings settings = new RedisSettings(cluster.seedUri(), true, COMMAND_TIMEOUT);

        try (RedisConnector fresh = RedisConnector.connect(settings, 100)) {
            AccountStore store =
                    new RedisAccountStore(
                            fresh.async(),
                            vertx.getOrCreateContext(),
                            ApplyScript.load(),
                            "first-" + UUID.randomUUID(),
                            Limits.DEFAULTS);
            for (String account : accounts) {
                StoreOutcome outcome =
                        apply(store, RequestDocuments.signUp("signup", account, "PREPAID", "EUR"));

                assertThat(outcome.status()).as(account).isEqualTo(ResultStatus.SUCCEEDED);
            }
        }
        assertThat(owners(accounts)).hasSize(LocalRedisCluster.NODE_COUNT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.provisioning.worker.account.ConformanceScenarios#all")
    void scenario_onManyAccounts_sameOutcomesAsInMemory(String name, List<String> documents)
            throws Exception {
        AccountStore store = clusterStore(ConformanceScenarios.LIMITS);

        for (int pair = 0; pair < SCENARIO_ACCOUNT_PAIRS; pair++) {
            AccountStore memory = new InMemoryAccountStore(ConformanceScenarios.LIMITS);
            AccountStore original = new InMemoryAccountStore(ConformanceScenarios.LIMITS);
            List<String> relabeled = relabel(documents, account(pair), otherAccount(pair));

            for (int step = 0; step < relabeled.size(); step++) {
                String document = relabeled.get(step);
                String where = name + ", " + account(pair) + ", step " + step + ": " + document;
                Instant now = START.plusSeconds(step);

                StoreOutcome outcome = applyToBoth(store, memory, document, now, where);
                StoreOutcome unmoved =
                        await(
                                original.apply(
                                        RequestDocuments.decode(documents.get(step)), now, null));

                assertThat(outcome.code())
                        .as("moved like the original: " + where)
                        .isEqualTo(unmoved.code());
                assertThat(outcome.reason())
                        .as("moved like the original: " + where)
                        .isEqualTo(unmoved.reason());
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 20261204})
    void randomSequence_overManyAccounts_sameOutcomesAsInMemory(long seed) throws Exception {
        AccountStore store = clusterStore(RANDOM_LIMITS);
        AccountStore memory = new InMemoryAccountStore(RANDOM_LIMITS);
        List<String> accounts = IntStream.range(0, 24).mapToObj(i -> "acc-random-" + i).toList();
        RandomRequests requests = new RandomRequests(seed, accounts);
        int succeeded = 0;

        for (int step = 0; step < RANDOM_REQUESTS; step++) {
            String document = requests.next();
            String where = "seed " + seed + ", step " + step + ": " + document;

            StoreOutcome outcome =
                    applyToBoth(store, memory, document, START.plusMillis(step * 1_500L), where);
            requests.observe(outcome);
            succeeded += outcome.status() == ResultStatus.SUCCEEDED ? 1 : 0;
        }

        assertThat(owners(accounts)).hasSize(LocalRedisCluster.NODE_COUNT);
        assertThat(succeeded).isGreaterThan(RANDOM_REQUESTS / 4);
    }

    @Test
    void scriptFlushOnEveryNode_requestsSucceed() throws Exception {
        String prefix = "flush-" + UUID.randomUUID();
        AccountStore store =
                new RedisAccountStore(
                        redis.async(),
                        vertx.getOrCreateContext(),
                        ApplyScript.load(),
                        prefix,
                        Limits.DEFAULTS);
        RedisRouteSource routes = new RedisRouteSource(redis.async(), prefix);
        List<String> accounts = IntStream.range(0, 12).mapToObj(i -> "acc-flush-" + i).toList();
        for (String account : accounts) {
            apply(store, RequestDocuments.signUp("signup", account, "PREPAID", "EUR"));
        }

        flushScriptsOnEveryNode();

        for (String account : accounts) {
            String project = EntityIds.project(account, "signup");
            StoreOutcome outcome =
                    apply(
                            store,
                            RequestDocuments.subprojectCreate("sub-1", account, project, null));
            Optional<BillingRoute> route =
                    routes.fetch(account, project).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(outcome.status())
                    .as(account + ": " + outcome.message())
                    .isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(route).as(account).isPresent();
        }
        assertThat(owners(accounts)).hasSize(LocalRedisCluster.NODE_COUNT);
        for (String owner : owners(accounts)) {
            List<Boolean> cached =
                    inspection.getConnection(owner).sync().scriptExists(ApplyScript.load().sha1());
            assertThat(cached).as("apply script cached on node " + owner).containsExactly(true);
        }
    }

    @Test
    void worker_mixedStream_oneResultEach() throws Exception {
        int accountCount = 30;
        int subprojectsPerAccount = 3;
        try (WorkerHarness harness =
                new WorkerHarness()
                        .set("PROVISIONING_REDIS_CLUSTER", "true")
                        .set("REDIS_URL", cluster.seedUri())
                        .startWorker()) {
            List<String> accounts = new ArrayList<>();
            for (int a = 0; a < accountCount; a++) {
                String account = "acc-worker-" + a;
                accounts.add(account);
                sendOnboarding(harness, account, subprojectsPerAccount);
            }
            harness.flush();
            int expected = accountCount * (2 + 2 * subprojectsPerAccount);

            List<ConsumerRecord<byte[], byte[]>> records =
                    harness.awaitResults(expected, Duration.ofSeconds(60));

            List<ProvisioningResult> results = records.stream().map(harness::decode).toList();
            Map<String, Long> perRequest =
                    results.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            result -> result.accountId() + "/" + result.requestId(),
                                            Collectors.counting()));
            assertThat(perRequest).hasSize(expected);
            assertThat(perRequest.values()).allMatch(count -> count == 1);
            assertThat(results).allMatch(result -> result.code() == ResultCode.OK);
            assertThat(owners(accounts)).hasSize(LocalRedisCluster.NODE_COUNT);
            for (String account : accounts) {
                String members = harness.key(account, "subprojects");
                assertThat(inspection.sync().zcard(members))
                        .as(account)
                        .isEqualTo(subprojectsPerAccount);
            }
        }
    }

    /** Sends a sign-up, a credit, subproject creates and one usage record per subproject. */
    private static void sendOnboarding(WorkerHarness harness, String account, int subprojects) {
        String billing = EntityIds.billingAccount(account, "signup");
        String project = EntityIds.project(account, "signup");
        harness.send(account, TestRequests.signUp("signup", account, "PREPAID", "EUR"));
        harness.send(account, TestRequests.credit("topup", account, billing, "100", "EUR"));
        for (int s = 0; s < subprojects; s++) {
            String requestId = "client-" + s;
            harness.send(
                    account,
                    TestRequests.subprojectCreate(
                            requestId, account, project, "Client " + s, "ref-" + s));
            String subproject = EntityIds.subproject(account, requestId);
            harness.send(
                    account, TestRequests.usage("usage-" + s, account, subproject, "0.5", "EUR"));
        }
    }

    private static AccountStore clusterStore(Limits limits) {
        return new RedisAccountStore(
                redis.async(),
                vertx.getOrCreateContext(),
                ApplyScript.load(),
                "cluster-" + UUID.randomUUID(),
                limits);
    }

    private static String account(int pair) {
        return "acc-cluster-" + pair;
    }

    private static String otherAccount(int pair) {
        return "acc-cluster-other-" + pair;
    }

    /** Returns the ids of the masters that own the slots of these accounts' hash tags. */
    private static Set<String> owners(Iterable<String> accounts) {
        Set<String> owners = new HashSet<>();
        for (String account : accounts) {
            int slot = SlotHash.getSlot(new AccountKeys("any", account).entities());
            RedisClusterNode owner = inspection.getPartitions().getPartitionBySlot(slot);
            owners.add(owner.getNodeId());
        }
        return owners;
    }

    private static void flushScriptsOnEveryNode() {
        for (String uri : cluster.nodeUris()) {
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().scriptFlush();
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    /**
     * Moves a scenario written for {@link ConformanceScenarios#ACCOUNT} and {@link
     * ConformanceScenarios#OTHER_ACCOUNT} to two other accounts. Entity ids are derived from the
     * accountId, so every id that a scenario derives from one of its requestIds is derived again
     * for the new account. Ids that a scenario names literally, such as missing ones, stay.
     */
    static List<String> relabel(List<String> documents, String account, String otherAccount) {
        Map<String, String> replacements = new HashMap<>();
        replacements.put(ConformanceScenarios.ACCOUNT, account);
        replacements.put(ConformanceScenarios.OTHER_ACCOUNT, otherAccount);
        for (String document : documents) {
            String requestId = tree(document).get("requestId").asText();
            addDerivedIds(replacements, ConformanceScenarios.ACCOUNT, account, requestId);
            addDerivedIds(
                    replacements, ConformanceScenarios.OTHER_ACCOUNT, otherAccount, requestId);
        }

        List<String> relabeled = new ArrayList<>(documents.size());
        for (String document : documents) {
            relabeled.add(replaceText(tree(document), replacements::get).toString());
        }
        return relabeled;
    }

    private static void addDerivedIds(
            Map<String, String> replacements, String from, String to, String requestId) {
        replacements.put(
                EntityIds.billingAccount(from, requestId), EntityIds.billingAccount(to, requestId));
        replacements.put(EntityIds.project(from, requestId), EntityIds.project(to, requestId));
        replacements.put(
                EntityIds.subproject(from, requestId), EntityIds.subproject(to, requestId));
    }

    /** Replaces each text value that {@code replacement} maps, in objects and arrays alike. */
    private static JsonNode replaceText(JsonNode node, Function<String, String> replacement) {
        if (node.isTextual()) {
            String replaced = replacement.apply(node.asText());
            return replaced == null ? node : TextNode.valueOf(replaced);
        }
        if (node instanceof ObjectNode object) {
            object.properties()
                    .forEach(entry -> entry.setValue(replaceText(entry.getValue(), replacement)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, replaceText(array.get(i), replacement));
            }
        }
        return node;
    }

    private static StoreOutcome applyToBoth(
            AccountStore redisStore,
            AccountStore memory,
            String document,
            Instant now,
            String where)
            throws Exception {
        ProvisioningRequest request = RequestDocuments.decode(document);

        StoreOutcome expected = await(redisStore.apply(request, now, null));
        StoreOutcome actual = await(memory.apply(request, now, null));

        AccountStoreConformanceIT.assertSameOutcome(expected, actual, where);
        return expected;
    }

    private static StoreOutcome apply(AccountStore store, String document) throws Exception {
        return await(store.apply(RequestDocuments.decode(document), Instant.now(), null));
    }

    private static JsonNode tree(String json) {
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
