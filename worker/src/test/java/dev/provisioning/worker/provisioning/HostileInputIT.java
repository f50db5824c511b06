package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.local.SharedInfrastructure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sends a corpus of hostile records through the real worker: each is dead-lettered or rejected with
 * a stable code, none stops the worker, and no result or dead-letter header repeats the hostile
 * bytes.
 */
class HostileInputIT {
    /** Put in every hostile value, so a result that echoes the input is easy to find. */
    private static final String MARKER = "HOSTILE-PAYLOAD-7f3a";

    /** The request topic's limit once raised, so that values past the DLQ's 2 MiB arrive. */
    private static final int RAISED_TOPIC_LIMIT_BYTES = 4 * 1024 * 1024;

    private static final String ACCOUNT = "acc-hostile";
    private static final String SIGN_UP = "hostile-signup";

    private WorkerHarness harness;
    private KafkaProducer<byte[], byte[]> largeProducer;

    @BeforeEach
    void startWorker() throws Exception {
        harness = new WorkerHarness().startWorker();
        largeProducer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                SharedInfrastructure.broker().bootstrapServers(),
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                8 * 1024 * 1024,
                                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                                "none"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
    }

    @AfterEach
    void stopWorker() throws Exception {
        if (largeProducer != null) {
            largeProducer.close(Duration.ofSeconds(5));
        }
        harness.close();
    }

    @Test
    void hostileCorpus_eachAnsweredAndWorkerKeepsGoing() throws Exception {
        String project = EntityIds.project(ACCOUNT, SIGN_UP);
        String billing = EntityIds.billingAccount(ACCOUNT, SIGN_UP);
        harness.send(ACCOUNT, TestRequests.signUp(SIGN_UP, ACCOUNT, "PREPAID", "EUR"));
        harness.flush();
        // Waiting for the first result lets the new topics settle their leaders before the
        // corpus is sent, so the test's own producer never retries into a new leader.
        harness.awaitResults(1, Duration.ofSeconds(30));

        Map<String, String> deadLetterErrors = sendDeadLetterCases();
        Map<String, String> rejectedReasons = sendRejectedCases(project, billing);
        String afterAll = "hostile-after-all";
        harness.send(
                ACCOUNT,
                TestRequests.subprojectCreate(afterAll, ACCOUNT, project, "Client", "client-1"));
        harness.flush();

        Map<String, ProvisioningResult> results = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> resultRecords =
                harness.awaitResults(rejectedReasons.size() + 2, Duration.ofSeconds(60));
        resultRecords.forEach(r -> results.put(harness.decode(r).requestId(), harness.decode(r)));
        List<ConsumerRecord<byte[], byte[]>> deadLetters =
                harness.awaitDeadLetters(deadLetterErrors.size(), Duration.ofSeconds(60));

        assertThat(results.get(SIGN_UP).code()).isEqualTo(ResultCode.OK);
        assertThat(results.get(afterAll).code()).isEqualTo(ResultCode.OK);
        for (var expected : rejectedReasons.entrySet()) {
            ProvisioningResult result = results.get(expected.getKey());
            assertThat(result).as(expected.getKey()).isNotNull();
            assertThat(result.status()).as(expected.getKey()).isEqualTo(ResultStatus.REJECTED);
            assertThat(result.reason()).as(expected.getKey()).isEqualTo(expected.getValue());
        }
        Map<String, String> errorsByKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
            errorsByKey.put(utf8(record.key()), header(record, "dlq.error"));
        }
        assertThat(errorsByKey).containsExactlyInAnyOrderEntriesOf(deadLetterErrors);
        assertThat(resultRecords).noneMatch(r -> utf8(r.value()).contains(MARKER));
        assertThat(deadLetters)
                .allSatisfy(
                        record -> {
                            for (Header header : record.headers()) {
                                assertThat(utf8(header.value())).doesNotContain(MARKER);
                            }
                        });
    }

    @Test
    void valueOverDeadLetterLimit_deadLetteredWithoutValue() throws Exception {
        raiseRequestTopicLimit();
        byte[] oversized = padded(3 * 1024 * 1024);
        largeProducer
                .send(new ProducerRecord<>(harness.topics.requests(), bytes("huge"), oversized))
                .get(30, TimeUnit.SECONDS);
        harness.send(ACCOUNT, TestRequests.signUp(SIGN_UP, ACCOUNT, "PREPAID", "EUR"));
        harness.flush();

        ConsumerRecord<byte[], byte[]> deadLetter =
                harness.awaitDeadLetters(1, Duration.ofSeconds(60)).get(0);
        ProvisioningResult after =
                harness.decode(harness.awaitResults(1, Duration.ofSeconds(60)).get(0));

        assertThat(header(deadLetter, "dlq.error")).isEqualTo("TOO_LARGE");
        assertThat(deadLetter.value()).isNull();
        assertThat(header(deadLetter, "dlq.value.omitted.bytes"))
                .isEqualTo(Integer.toString(oversized.length));
        assertThat(after.code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void valueOverBrokerLimit_rejectedAtSend() {
        byte[] value = padded(1_500_000);

        Throwable failure =
                catchThrowable(
                        () ->
                                largeProducer
                                        .send(
                                                new ProducerRecord<>(
                                                        harness.topics.requests(),
                                                        bytes(ACCOUNT),
                                                        value))
                                        .get(30, TimeUnit.SECONDS));

        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(RecordTooLargeException.class);
    }

    /** Sends the records that cannot be read as requests; returns the dlq.error per record key. */
    private Map<String, String> sendDeadLetterCases() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        sendRaw("dlq-not-json", bytes("this is not json " + MARKER), "NOT_JSON", expected);
        sendRaw("dlq-array", bytes("[\"" + MARKER + "\"]"), "NOT_AN_OBJECT", expected);
        sendRaw("dlq-deep", deeplyNested(10_000), "LIMIT_EXCEEDED", expected);
        sendRaw("dlq-long-string", longString(1_000_000), "LIMIT_EXCEEDED", expected);
        sendRaw(
                "dlq-duplicate-key",
                bytes(
                        "{\"requestId\":\"dup-a\",\"requestId\":\"dup-b\",\"accountId\":\""
                                + MARKER
                                + "\"}"),
                "DUPLICATE_KEY",
                expected);
        sendRaw(
                "dlq-raw-control",
                bytes("{\"requestId\":\"ctl-1\",\"accountId\":\"" + MARKER + "\u0001\"}"),
                "NOT_JSON",
                expected);
        sendRaw("dlq-invalid-utf8", invalidUtf8(), "NOT_UTF8", expected);
        sendRaw(
                "dlq-huge-labels",
                bytes(
                        "{\"specVersion\":\"1\",\"requestId\":\"h-huge-labels\",\"accountId\":\""
                                + ACCOUNT
                                + "\",\"type\":\"project.create\",\"issuedAt\":"
                                + "\"2026-12-04T10:00:00Z\",\"payload\":{\"displayName\":\"A\","
                                + "\"labels\":"
                                + labels(10_000)
                                + "}}"),
                "LIMIT_EXCEEDED",
                expected);
        sendRaw("dlq-null-value", null, "EMPTY_VALUE", expected);
        sendRaw(
                "dlq-no-request-id",
                bytes("{\"accountId\":\"" + ACCOUNT + "\",\"note\":\"" + MARKER + "\"}"),
                "INVALID_REQUEST_ID",
                expected);
        harness.flush();

        raiseRequestTopicLimit();
        byte[] large = padded(1_500_000);
        largeProducer
                .send(new ProducerRecord<>(harness.topics.requests(), bytes("dlq-large"), large))
                .get(30, TimeUnit.SECONDS);
        expected.put("dlq-large", "TOO_LARGE");
        return expected;
    }

    private void sendRaw(String key, byte[] value, String error, Map<String, String> expected) {
        harness.send(key, value);
        expected.put(key, error);
    }

    /** Sends requests that parse but break a rule; returns the expected reason per requestId. */
    private Map<String, String> sendRejectedCases(String project, String billing) {
        Map<String, String> expected = new LinkedHashMap<>();
        String usage =
                """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"usage.record",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"usageId":"u-%s",\
                "projectId":"%s","amount":%s,"currency":"EUR","product":"%s"}}\
                """;
        sendRequest(usage.formatted("h-amount-number", ACCOUNT, 1, project, "12.5", MARKER));
        expected.put("h-amount-number", "FIELD_VIOLATIONS");
        sendRequest(
                usage.formatted("h-amount-digits", ACCOUNT, 2, project, "\"1.1234567\"", MARKER));
        expected.put("h-amount-digits", "FIELD_VIOLATIONS");
        sendRequest(usage.formatted("h-amount-exp", ACCOUNT, 3, project, "\"1e3\"", MARKER));
        expected.put("h-amount-exp", "FIELD_VIOLATIONS");
        sendRequest(
                usage.formatted(
                        "h-amount-huge",
                        ACCOUNT,
                        4,
                        project,
                        "\"123456789012345678901234567890\"",
                        MARKER));
        expected.put("h-amount-huge", "FIELD_VIOLATIONS");

        String rename =
                """
                {"specVersion":"%s","requestId":"%s","accountId":"%s","type":"project.update",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"projectId":"%s",%s}}\
                """;
        sendRequest(rename.formatted("1", "h-wrong-type", ACCOUNT, project, "\"displayName\":42"));
        expected.put("h-wrong-type", "FIELD_VIOLATIONS");
        sendRequest(
                rename.formatted(
                        "1",
                        "h-unknown-field",
                        ACCOUNT,
                        project,
                        "\"displayName\":\"A\",\"colour\":\"" + MARKER + "\""));
        expected.put("h-unknown-field", "FIELD_VIOLATIONS");
        sendRequest(
                rename.formatted(
                        "1",
                        "h-escaped-control",
                        ACCOUNT,
                        project,
                        "\"displayName\":\"" + MARKER + "\\u0007\""));
        expected.put("h-escaped-control", "FIELD_VIOLATIONS");
        sendRequest(
                rename.formatted(
                        "1", "h-too-many-labels", ACCOUNT, project, "\"labels\":" + labels(300)));
        expected.put("h-too-many-labels", "FIELD_VIOLATIONS");
        sendRequest(
                rename.formatted(
                        "99",
                        "h-future-spec",
                        ACCOUNT,
                        project,
                        "\"displayName\":\"" + MARKER + "\""));
        expected.put("h-future-spec", "UNSUPPORTED_SPEC_VERSION");

        String credit = TestRequests.credit("h-key-mismatch", ACCOUNT, billing, "5.00", "EUR");
        harness.send("acc-someone-else", credit);
        expected.put("h-key-mismatch", "KEY_MISMATCH");
        harness.send(
                (String) null, TestRequests.credit("h-null-key", ACCOUNT, billing, "5.00", "EUR"));
        expected.put("h-null-key", "KEY_MISMATCH");
        return expected;
    }

    private void sendRequest(String json) {
        harness.send(ACCOUNT, json);
    }

    private void raiseRequestTopicLimit() throws Exception {
        ConfigResource topic =
                new ConfigResource(ConfigResource.Type.TOPIC, harness.topics.requests());
        AlterConfigOp raise =
                new AlterConfigOp(
                        new ConfigEntry(
                                TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                Integer.toString(RAISED_TOPIC_LIMIT_BYTES)),
                        AlterConfigOp.OpType.SET);
        Map<String, Object> config =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedInfrastructure.broker().bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Map<ConfigResource, Collection<AlterConfigOp>> change = Map.of(topic, List.of(raise));
            admin.incrementalAlterConfigs(change).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] deeplyNested(int depth) {
        StringBuilder json = new StringBuilder("{\"requestId\":\"deep-1\",\"payload\":");
        json.append("{\"a\":".repeat(depth)).append('"').append(MARKER).append('"');
        json.append("}".repeat(depth)).append('}');
        return bytes(json.toString());
    }

    private static byte[] longString(int length) {
        return bytes(
                "{\"requestId\":\"long-1\",\"accountId\":\""
                        + ACCOUNT
                        + "\",\"payload\":{\"displayName\":\""
                        + MARKER.repeat(length / MARKER.length())
                        + "\"}}");
    }

    /** Builds a request document padded with the marker to at least {@code size} bytes. */
    private static byte[] padded(int size) {
        return longString(size);
    }

    private static byte[] invalidUtf8() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("{\"requestId\":\"utf-1\",\"accountId\":\"" + MARKER));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        out.writeBytes(bytes("\"}"));
        return out.toByteArray();
    }

    private static String labels(int count) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return json.append('}').toString();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : utf8(header.value());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
