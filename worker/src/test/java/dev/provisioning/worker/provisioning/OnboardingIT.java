package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.account.EntityIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Application service providers sign up and onboard their clients through a real broker and a real
 * Redis, driven by a plain Kafka producer as any integrator would.
 */
class OnboardingIT {
    private static final int ASPS = 3;
    private static final int CLIENTS_PER_ASP = 1_000;

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
    void onboarding_thousandsOfClients_oneResultEachAndStateInRedis() {
        for (int asp = 0; asp < ASPS; asp++) {
            String account = "asp-" + asp;
            harness.send(account, TestRequests.signUp("signup-" + asp, account, "PREPAID", "EUR"));
            String parent = EntityIds.project(account, "signup-" + asp);
            for (int client = 0; client < CLIENTS_PER_ASP; client++) {
                harness.send(
                        account,
                        TestRequests.subprojectCreate(
                                account + "-client-" + client,
                                account,
                                parent,
                                "Client " + client,
                                "client-" + client));
            }
        }
        harness.flush();
        int expected = ASPS * (1 + CLIENTS_PER_ASP);

        List<ConsumerRecord<byte[], byte[]>> records =
                harness.awaitResults(expected, Duration.ofSeconds(90));

        Map<String, Long> perRequest =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> harness.decode(r).requestId(), Collectors.counting()));
        assertThat(perRequest).hasSize(expected);
        assertThat(perRequest.values()).allMatch(count -> count == 1);
        assertThat(records).allMatch(r -> harness.decode(r).code() == ResultCode.OK);
        for (int asp = 0; asp < ASPS; asp++) {
            String members = harness.key("asp-" + asp, "subprojects");
            assertThat(harness.redis.sync().zcard(members)).isEqualTo(CLIENTS_PER_ASP);
        }
    }

    @Test
    void resultKey_isAccountId() {
        harness.send("asp-key", TestRequests.signUp("signup-key", "asp-key", "PREPAID", "EUR"));
        harness.flush();

        ConsumerRecord<byte[], byte[]> record =
                harness.awaitResults(1, Duration.ofSeconds(30)).get(0);

        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("asp-key");
    }

    @Test
    void duplicateRequestId_repeatsFirstResultAndChangesNothing() {
        String account = "asp-dup";
        String parent = EntityIds.project(account, "signup-dup");
        String create = TestRequests.subprojectCreate("dup-1", account, parent, "Client", "ref-1");
        harness.send(account, TestRequests.signUp("signup-dup", account, "PREPAID", "EUR"));
        harness.send(account, create);
        harness.send(account, create);
        harness.flush();

        List<ConsumerRecord<byte[], byte[]>> records =
                harness.awaitResults(3, Duration.ofSeconds(30));

        assertThat(new String(records.get(2).value(), StandardCharsets.UTF_8))
                .isEqualTo(new String(records.get(1).value(), StandardCharsets.UTF_8));
        assertThat(harness.redis.sync().zcard(harness.key(account, "subprojects"))).isEqualTo(1);
    }

    @Test
    void reusedRequestIdWithOtherPayload_rejected() {
        String account = "asp-reuse";
        String parent = EntityIds.project(account, "signup-reuse");
        harness.send(account, TestRequests.signUp("signup-reuse", account, "PREPAID", "EUR"));
        harness.send(
                account, TestRequests.subprojectCreate("reuse-1", account, parent, "A", "ref-a"));
        harness.send(
                account, TestRequests.subprojectCreate("reuse-1", account, parent, "B", "ref-b"));
        harness.flush();

        ProvisioningResult last =
                harness.decode(harness.awaitResults(3, Duration.ofSeconds(30)).get(2));

        assertThat(last.status()).isEqualTo(ResultStatus.REJECTED);
        assertThat(last.reason()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void parentOfAnotherAccount_notFoundLikeAMissingOne() {
        harness.send("owner", TestRequests.signUp("signup-owner", "owner", "PREPAID", "EUR"));
        harness.send(
                "intruder", TestRequests.signUp("signup-intruder", "intruder", "PREPAID", "EUR"));
        String foreignParent = EntityIds.project("owner", "signup-owner");
        harness.send(
                "intruder",
                TestRequests.subprojectCreate("steal", "intruder", foreignParent, "X", "x"));
        harness.send(
                "intruder",
                TestRequests.subprojectCreate("missing", "intruder", "prj-doesnotexist", "X", "y"));
        harness.flush();

        Map<String, ProvisioningResult> byRequest = new HashMap<>();
        harness.awaitResults(4, Duration.ofSeconds(30))
                .forEach(r -> byRequest.put(harness.decode(r).requestId(), harness.decode(r)));

        ProvisioningResult foreign = byRequest.get("steal");
        ProvisioningResult missing = byRequest.get("missing");
        assertThat(foreign.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(foreign.reason()).isEqualTo(missing.reason());
        assertThat(foreign.message().replace(foreignParent, "ID"))
                .isEqualTo(missing.message().replace("prj-doesnotexist", "ID"));
    }

    @Test
    void unreadableRecord_goesToDeadLetterAndPartitionMovesOn() {
        byte[] notJson = "this is not json".getBytes(StandardCharsets.UTF_8);
        harness.send("asp-dlq", notJson);
        harness.send("asp-dlq", TestRequests.signUp("signup-dlq", "asp-dlq", "PREPAID", "EUR"));
        harness.flush();

        ConsumerRecord<byte[], byte[]> deadLetter =
                harness.awaitDeadLetters(1, Duration.ofSeconds(30)).get(0);
        ProvisioningResult after =
                harness.decode(harness.awaitResults(1, Duration.ofSeconds(30)).get(0));

        assertThat(deadLetter.value()).isEqualTo(notJson);
        assertThat(header(deadLetter, "dlq.error")).isEqualTo("NOT_JSON");
        assertThat(header(deadLetter, "dlq.source.topic")).isEqualTo(harness.topics.requests());
        assertThat(after.code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void invalidDisplayName_rejectedWithViolation() {
        String account = "asp-invalid";
        String parent = EntityIds.project(account, "signup-invalid");
        harness.send(account, TestRequests.signUp("signup-invalid", account, "PREPAID", "EUR"));
        harness.send(account, TestRequests.subprojectCreate("bad-name", account, parent, " ", "r"));
        harness.flush();

        ProvisioningResult rejected =
                harness.decode(harness.awaitResults(2, Duration.ofSeconds(30)).get(1));

        assertThat(rejected.code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(rejected.violations())
                .extracting("field")
                .containsExactly("payload.displayName");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
