package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.bootstrap.Main;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs a mixed stream, deletes every key of the worker's prefix as a Redis that lost its data, and
 * restarts the worker, which rebuilds the state from the changelog and result topics before it
 * consumes again.
 */
class RebuildIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACCOUNTS = List.of("acc-r1", "acc-r2", "acc-r3");
    private static final int CLIENTS = 20;

    private final Map<String, String> sent = new LinkedHashMap<>();
    private WorkerHarness harness;

    @BeforeEach
    void startWorker() throws Exception {
        harness = new WorkerHarness().startWorker();
    }

    @AfterEach
    void stopWorker() throws Exception {
        harness.close();
    }

    @Test
    void lostRedis_rebuiltFromTopicsBeforeConsuming() throws Exception {
        sendMixedStream();
        List<ConsumerRecord<byte[], byte[]>> first =
                harness.awaitResults(sent.size(), Duration.ofSeconds(60));
        Map<String, String> firstResults = new HashMap<>();
        first.forEach(r -> firstResults.put(harness.decode(r).requestId(), utf8(r.value())));
        Map<String, Map<String, Object>> before = new HashMap<>();
        for (String account : ACCOUNTS) {
            before.put(account, accountState(account));
        }

        deletePrefix();
        harness.restartWorker();

        for (String account : ACCOUNTS) {
            assertThat(accountState(account)).as(account).isEqualTo(before.get(account));
        }
        List<String> replayed = List.of("r1-signup", "acc-r1-client-3", "acc-r2-usage-7");
        replayed.forEach(id -> harness.send(accountOf(id), sent.get(id)));
        String credit =
                TestRequests.credit("r1-after", "acc-r1", billing("acc-r1"), "0.000001", "EUR");
        harness.send("acc-r1", credit);
        harness.send(
                "acc-r1",
                TestRequests.usage("r1-after-usage", "acc-r1", client("acc-r1", 0), "1.5", "EUR"));
        harness.flush();
        List<ConsumerRecord<byte[], byte[]>> all =
                harness.awaitResults(sent.size() + replayed.size() + 2, Duration.ofSeconds(60));
        List<ConsumerRecord<byte[], byte[]>> after = all.subList(sent.size(), all.size());

        Map<String, String> repeats = new HashMap<>();
        after.forEach(r -> repeats.put(harness.decode(r).requestId(), utf8(r.value())));
        for (String requestId : replayed) {
            assertThat(repeats.get(requestId)).as(requestId).isEqualTo(firstResults.get(requestId));
        }
        ProvisioningResult charged = harness.decode(findResult(after, "r1-after-usage"));
        assertThat(charged.code()).isEqualTo(ResultCode.OK);
        // 100 credited, 20 clients charged 0.25 each, then 0.000001 credited and 1.5 charged.
        assertThat(charged.resource().path("balance").asText()).isEqualTo("93.500001");
    }

    @Test
    void rebuildStateHelp_exitsZero() {
        int status = new CommandLine(new Main()).execute("rebuild-state", "--help");

        assertThat(status).isEqualTo(0);
    }

    private void sendMixedStream() {
        for (String account : ACCOUNTS) {
            String prefix = account.substring(4);
            send(
                    account,
                    prefix + "-signup",
                    TestRequests.signUp(prefix + "-signup", account, "PREPAID", "EUR"));
            send(
                    account,
                    prefix + "-credit",
                    TestRequests.credit(
                            prefix + "-credit", account, billing(account), "100", "EUR"));
            for (int i = 0; i < CLIENTS; i++) {
                String requestId = account + "-client-" + i;
                send(
                        account,
                        requestId,
                        TestRequests.subprojectCreate(
                                requestId, account, project(account), "Client " + i, "ref-" + i));
                send(
                        account,
                        account + "-usage-" + i,
                        TestRequests.usage(
                                account + "-usage-" + i,
                                account,
                                client(account, i),
                                "0.25",
                                "EUR"));
            }
            String second = prefix + "-ba2";
            send(
                    account,
                    second,
                    request(
                            second,
                            account,
                            "billing-account.create",
                            "{\"displayName\":\"Second\",\"kind\":\"POSTPAID\",\"currency\":\"EUR\","
                                    + "\"payer\":{\"name\":\"P\",\"address\":\"A\",\"taxId\":\"T\"},"
                                    + "\"creditLimit\":\"500\"}"));
            String secondBilling = EntityIds.billingAccount(account, second);
            String extra = prefix + "-prj2";
            send(
                    account,
                    extra,
                    request(
                            extra,
                            account,
                            "project.create",
                            "{\"displayName\":\"Extra\",\"labels\":{\"team\":\"a\"}}"));
            String extraProject = EntityIds.project(account, extra);
            send(
                    account,
                    prefix + "-relink",
                    request(
                            prefix + "-relink",
                            account,
                            "project.link-billing-account",
                            "{\"projectId\":\""
                                    + extraProject
                                    + "\",\"billingAccountId\":\""
                                    + secondBilling
                                    + "\"}"));
            send(
                    account,
                    prefix + "-extra-sub",
                    TestRequests.subprojectCreate(
                            prefix + "-extra-sub", account, extraProject, "Extra client", "x-1"));
            send(
                    account,
                    prefix + "-postpaid-usage",
                    TestRequests.usage(
                            prefix + "-postpaid-usage",
                            account,
                            EntityIds.subproject(account, prefix + "-extra-sub"),
                            "12.345678",
                            "EUR"));
            send(
                    account,
                    prefix + "-sub-delete",
                    request(
                            prefix + "-sub-delete",
                            account,
                            "subproject.delete",
                            "{\"subprojectId\":\"" + client(account, 1) + "\"}"));
            send(
                    account,
                    prefix + "-rename",
                    TestRequests.projectRename(
                            prefix + "-rename", account, project(account), "Renamed"));
            send(
                    account,
                    prefix + "-overdraw",
                    TestRequests.usage(
                            prefix + "-overdraw", account, client(account, 2), "1000", "EUR"));
        }
        harness.flush();
    }

    private void send(String account, String requestId, String json) {
        sent.put(requestId, json);
        harness.send(account, json);
    }

    /** Reads the keys the apply script keeps for one account, in a form that compares exactly. */
    private Map<String, Object> accountState(String account) throws Exception {
        RedisCommands<String, String> redis = harness.redis.sync();
        Map<String, Object> state = new LinkedHashMap<>();
        Map<String, JsonNode> entities = new HashMap<>();
        for (var entry : redis.hgetall(harness.key(account, "entities")).entrySet()) {
            entities.put(entry.getKey(), JSON.readTree(entry.getValue()));
        }
        state.put("entities", entities);
        Map<String, String> money = new HashMap<>(redis.hgetall(harness.key(account, "money")));
        // A balance or amount owed that went back to zero stays as "0"; a rebuild leaves it out.
        money.values().removeIf("0"::equals);
        state.put("money", money);
        state.put("external-refs", redis.hgetall(harness.key(account, "external-refs")));
        for (String index : List.of("projects", "billing-accounts", "subprojects", "links")) {
            state.put(index, redis.zrangeWithScores(harness.key(account, index), 0, -1));
        }
        return state;
    }

    private void deletePrefix() {
        RedisCommands<String, String> redis = harness.redis.sync();
        ScanArgs match = ScanArgs.Builder.matches(harness.keyPrefix + ":*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        List<String> keys = new ArrayList<>();
        do {
            KeyScanCursor<String> page = redis.scan(cursor, match);
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        redis.del(keys.toArray(String[]::new));
        assertThat(redis.keys(harness.keyPrefix + ":*")).isEmpty();
    }

    private ConsumerRecord<byte[], byte[]> findResult(
            List<ConsumerRecord<byte[], byte[]>> records, String requestId) {
        return records.stream()
                .filter(r -> harness.decode(r).requestId().equals(requestId))
                .findFirst()
                .orElseThrow();
    }

    private static String request(String requestId, String account, String type, String payload) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"%s",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":%s}\
                """
                .formatted(requestId, account, type, payload);
    }

    private static String accountOf(String requestId) {
        return "acc-" + requestId.replace("acc-", "").substring(0, 2);
    }

    private static String billing(String account) {
        return EntityIds.billingAccount(account, account.substring(4) + "-signup");
    }

    private static String project(String account) {
        return EntityIds.project(account, account.substring(4) + "-signup");
    }

    private static String client(String account, int index) {
        return EntityIds.subproject(account, account + "-client-" + index);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
