package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.local.LocalRedis;
import dev.provisioning.worker.local.RedisMonitor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Usage records through the real worker, broker and Redis, with billing routes served from the near
 * cache: charges follow relinks at once, each usage record costs one Redis call, and prepaid
 * balances and credit limits hold.
 */
class BillingRouteIT {
    private static final Duration RESULTS_TIMEOUT = Duration.ofSeconds(60);

    private WorkerHarness harness;

    @AfterEach
    void stopWorker() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void usageAfterRelink_chargedToNewBillingAccountAtOnce() throws Exception {
        harness = new WorkerHarness().startWorker();
        String account = "asp-relink";
        String project = EntityIds.project(account, "signup");
        String first = EntityIds.billingAccount(account, "signup");
        String second = EntityIds.billingAccount(account, "second");
        String client = EntityIds.subproject(account, "client");
        harness.send(account, TestRequests.signUp("signup", account, "PREPAID", "EUR"));
        harness.send(account, TestRequests.credit("credit", account, first, "10.00", "EUR"));
        harness.send(
                account, TestRequests.billingAccountCreate("second", account, "POSTPAID", "EUR"));
        harness.send(
                account, TestRequests.subprojectCreate("client", account, project, "C", "c-1"));
        harness.send(account, TestRequests.usage("u-1", account, client, "1.00", "EUR"));
        harness.send(account, TestRequests.usage("u-2", account, client, "1.00", "EUR"));
        harness.send(account, TestRequests.linkBillingAccount("relink", account, project, second));
        harness.send(account, TestRequests.usage("u-3", account, client, "1.00", "EUR"));
        harness.send(account, TestRequests.projectUsage("u-4", account, project, "1.00", "EUR"));
        harness.flush();

        Map<String, ProvisioningResult> results =
                byRequest(harness.awaitResults(9, RESULTS_TIMEOUT));

        assertThat(results.values()).allMatch(result -> result.code() == ResultCode.OK);
        assertThat(chargedTo(results.get("u-2"))).isEqualTo(first);
        assertThat(chargedTo(results.get("u-3"))).isEqualTo(second);
        assertThat(chargedTo(results.get("u-4"))).isEqualTo(second);
        assertThat(money(account, second + ":owed")).isEqualTo("2000000");
        assertThat(money(account, first + ":balance")).isEqualTo("8000000");
        assertThat(counter("provisioning.billing.route.lookups", "hit")).isEqualTo(1);
        assertThat(counter("provisioning.billing.route.verification.failures", null)).isZero();
    }

    @Test
    void usageRecords_oneEvalshaEachAndNoOtherCommand() throws Exception {
        try (LocalRedis redis = LocalRedis.start();
                RedisClient client = RedisClient.create(redis.uri())) {
            StatefulRedisConnection<String, String> connection = client.connect();
            harness = new WorkerHarness().set("REDIS_URL", redis.uri()).startWorker();
            String account = "asp-calls";
            String project = EntityIds.project(account, "signup");
            String billing = EntityIds.billingAccount(account, "signup");
            String sub = EntityIds.subproject(account, "client");
            harness.send(account, TestRequests.signUp("signup", account, "PREPAID", "EUR"));
            harness.send(account, TestRequests.credit("credit", account, billing, "100.00", "EUR"));
            harness.send(
                    account, TestRequests.subprojectCreate("client", account, project, "C", "c"));
            harness.flush();
            harness.awaitResults(3, RESULTS_TIMEOUT);
            int usages = 200;

            long before = evalshaCalls(connection);
            Map<String, Integer> sent;
            try (RedisMonitor monitor = RedisMonitor.start(redis.port())) {
                for (int i = 0; i < usages; i++) {
                    harness.send(
                            account, TestRequests.usage("u-" + i, account, sub, "0.01", "EUR"));
                }
                harness.flush();
                harness.awaitResults(3 + usages, RESULTS_TIMEOUT);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> monitor.clientCommands().getOrDefault("evalsha", 0) >= usages);
                // A command sent after the usage records would arrive within this pause.
                await().pollDelay(Duration.ofMillis(500)).until(() -> true);
                sent = monitor.clientCommands();
            }
            long after = evalshaCalls(connection);

            assertThat(harness.drainResults(Duration.ZERO).subList(3, 3 + usages))
                    .allMatch(record -> harness.decode(record).code() == ResultCode.OK);
            assertThat(after - before).isEqualTo(usages);
            assertThat(sent).isEqualTo(Map.of("evalsha", usages));
            assertThat(counter("provisioning.billing.route.lookups", "hit")).isEqualTo(usages - 1);
            assertThat(counter("provisioning.billing.route.lookups", "miss")).isEqualTo(1);
            connection.close();
        }
    }

    @Test
    void prepaidChargesRacing_neverOverdraw() throws Exception {
        harness = new WorkerHarness().startWorker();
        int accounts = 2;
        int clients = 5;
        int usagesPerClient = 10;
        for (int a = 0; a < accounts; a++) {
            String account = "asp-race-" + a;
            String project = EntityIds.project(account, "signup");
            String billing = EntityIds.billingAccount(account, "signup");
            harness.send(account, TestRequests.signUp("signup", account, "PREPAID", "EUR"));
            harness.send(account, TestRequests.credit("credit", account, billing, "10.00", "EUR"));
            for (int c = 0; c < clients; c++) {
                harness.send(
                        account,
                        TestRequests.subprojectCreate("c-" + c, account, project, "C", "r-" + c));
            }
        }
        for (int u = 0; u < usagesPerClient; u++) {
            for (int c = 0; c < clients; c++) {
                for (int a = 0; a < accounts; a++) {
                    String account = "asp-race-" + a;
                    String sub = EntityIds.subproject(account, "c-" + c);
                    String usageId = "u-" + c + "-" + u;
                    harness.send(account, TestRequests.usage(usageId, account, sub, "1.00", "EUR"));
                }
            }
        }
        harness.flush();
        int perAccount = 2 + clients + clients * usagesPerClient;

        List<ConsumerRecord<byte[], byte[]>> records =
                harness.awaitResults(accounts * perAccount, RESULTS_TIMEOUT);

        for (int a = 0; a < accounts; a++) {
            String account = "asp-race-" + a;
            Map<String, Long> usageCodes =
                    records.stream()
                            .map(harness::decode)
                            .filter(r -> r.accountId().equals(account))
                            .filter(r -> r.type().equals("usage.record"))
                            .collect(
                                    Collectors.groupingBy(
                                            r -> r.code() + "/" + r.reason(),
                                            Collectors.counting()));
            String billing = EntityIds.billingAccount(account, "signup");
            assertThat(usageCodes).containsEntry("OK/null", 10L);
            assertThat(usageCodes).containsEntry("FAILED_PRECONDITION/INSUFFICIENT_FUNDS", 40L);
            assertThat(money(account, billing + ":balance")).isEqualTo("0");
        }
    }

    @Test
    void postpaidCreditLimit_chargesStopAtLimit() throws Exception {
        harness = new WorkerHarness().startWorker();
        String account = "asp-postpaid";
        String project = EntityIds.project(account, "signup");
        String billing = EntityIds.billingAccount(account, "signup");
        harness.send(account, TestRequests.signUpPostpaid("signup", account, "USD", "5.00"));
        for (int u = 0; u < 8; u++) {
            harness.send(
                    account, TestRequests.projectUsage("u-" + u, account, project, "1.00", "USD"));
        }
        harness.flush();

        Map<String, ProvisioningResult> results =
                byRequest(harness.awaitResults(9, RESULTS_TIMEOUT));

        for (int u = 0; u < 5; u++) {
            assertThat(results.get("u-" + u).code()).isEqualTo(ResultCode.OK);
        }
        for (int u = 5; u < 8; u++) {
            assertThat(results.get("u-" + u).reason()).isEqualTo("CREDIT_LIMIT_EXCEEDED");
        }
        assertThat(money(account, billing + ":owed")).isEqualTo("5000000");
        assertThat(counter("provisioning.billing.route.lookups", "hit")).isEqualTo(7);
    }

    private Map<String, ProvisioningResult> byRequest(
            List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, ProvisioningResult> results = new HashMap<>();
        records.forEach(
                record -> results.put(harness.decode(record).requestId(), harness.decode(record)));
        return results;
    }

    private static String chargedTo(ProvisioningResult usage) {
        return usage.resource().get("billingAccountId").asText();
    }

    private String money(String account, String field) {
        String value = harness.redis.sync().hget(harness.key(account, "money"), field);
        return value == null ? "0" : value;
    }

    private double counter(String name, String result) {
        MeterRegistry registry = harness.worker().metrics().registry();
        var search = registry.find(name);
        if (result != null) {
            search = search.tag("result", result);
        }
        return search.functionCounter().count();
    }

    /** Reads the calls of EVALSHA from INFO commandstats. */
    private static long evalshaCalls(StatefulRedisConnection<String, String> redis) {
        for (String line : redis.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:calls=")) {
                String calls = line.substring("cmdstat_evalsha:calls=".length());
                return Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return 0;
    }
}
