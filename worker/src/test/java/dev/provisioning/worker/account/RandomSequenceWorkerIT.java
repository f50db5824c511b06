package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.worker.local.SharedInfrastructure;
import dev.provisioning.worker.provisioning.WorkerHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random request sequences over a few accounts, sent through the real worker with a real broker and
 * Redis, give the same results and the same final entity states as applying them one by one to the
 * plain Java rules. Timestamps are left out of the comparison, because the worker decides with its
 * own clock.
 */
class RandomSequenceWorkerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACCOUNTS = List.of("rand-a", "rand-b", "rand-c");
    private static final Limits LIMITS = new Limits(4, 6, 4, Duration.ofHours(1));
    private static final int REQUESTS = 300;
    private static final Set<String> TIMESTAMPS = Set.of("createTime", "updateTime", "deleteTime");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 20261204})
    void randomSequence_throughWorker_sameResultsAndStatesAsPlainRules(long seed) throws Exception {
        InMemoryAccountStore oracle = new InMemoryAccountStore(LIMITS);
        RandomRequests requests = new RandomRequests(seed, ACCOUNTS);
        List<String> documents = new ArrayList<>();
        Map<String, List<StoreOutcome>> expectedByAccount = new HashMap<>();
        Map<String, String> expectedStates = new LinkedHashMap<>();
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        for (int step = 0; step < REQUESTS; step++) {
            String document = requests.next();
            ProvisioningRequest request = RequestDocuments.decode(document);
            StoreOutcome outcome = oracle.apply(request, now.plusSeconds(step), null).result();
            requests.observe(outcome);
            documents.add(document);
            expectedByAccount
                    .computeIfAbsent(request.accountId(), a -> new ArrayList<>())
                    .add(outcome);
            outcome.changelog().forEach(e -> expectedStates.put(e.entityId(), e.stateJson()));
        }

        try (WorkerHarness harness = limitedWorker()) {
            for (String document : documents) {
                harness.send(RequestDocuments.decode(document).accountId(), document);
            }
            harness.flush();
            List<ConsumerRecord<byte[], byte[]>> records =
                    harness.awaitResults(REQUESTS, Duration.ofSeconds(120));

            Map<String, List<ProvisioningResult>> actualByAccount = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                ProvisioningResult result = harness.decode(record);
                actualByAccount
                        .computeIfAbsent(result.accountId(), a -> new ArrayList<>())
                        .add(result);
            }
            for (String account : expectedByAccount.keySet()) {
                assertSameResults(
                        seed,
                        account,
                        expectedByAccount.get(account),
                        actualByAccount.get(account));
            }
            Map<String, String> actualStates = readChangelog(harness);
            assertThat(actualStates.keySet())
                    .as("seed %d: entities on the changelog", seed)
                    .containsExactlyInAnyOrderElementsOf(expectedStates.keySet());
            for (Map.Entry<String, String> expected : expectedStates.entrySet()) {
                assertThat(withoutTimestamps(actualStates.get(expected.getKey())))
                        .as("seed %d: final state of %s", seed, expected.getKey())
                        .isEqualTo(withoutTimestamps(expected.getValue()));
            }
        }
    }

    private static WorkerHarness limitedWorker() throws Exception {
        return new WorkerHarness()
                .set("PROVISIONING_MAX_BILLING_ACCOUNTS", "4")
                .set("PROVISIONING_MAX_PROJECTS", "6")
                .set("PROVISIONING_MAX_SUBPROJECTS_PER_PROJECT", "4")
                .set("PROVISIONING_REQUEST_RETENTION", "1h")
                .startWorker();
    }

    private static void assertSameResults(
            long seed, String account, List<StoreOutcome> expected, List<ProvisioningResult> actual)
            throws IOException {
        assertThat(actual).as("seed %d: results of %s", seed, account).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            StoreOutcome want = expected.get(i);
            ProvisioningResult got = actual.get(i);
            String where =
                    "seed " + seed + ", " + account + " request " + i + ": " + got.requestId();
            assertThat(got.code()).as(where).isEqualTo(want.code());
            assertThat(got.reason()).as(where).isEqualTo(want.reason());
            assertThat(got.message()).as(where).isEqualTo(want.message());
            assertThat(withoutTimestamps(got.resource()))
                    .as(where)
                    .isEqualTo(withoutTimestamps(want.resourceJson()));
        }
    }

    private static Map<String, String> readChangelog(WorkerHarness harness) {
        Map<String, String> latest = new HashMap<>();
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedInfrastructure.broker().bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "changelog-reader-" + UUID.randomUUID());
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(harness.topics.changelog()).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(record -> latest.put(record.key(), record.value()));
            }
        }
        return latest;
    }

    private static JsonNode withoutTimestamps(String json) throws IOException {
        return json == null
                ? null
                : withoutTimestamps(JSON.readTree(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode withoutTimestamps(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(TIMESTAMPS);
            object.forEach(RandomSequenceWorkerIT::strip);
        } else if (node instanceof ArrayNode array) {
            array.forEach(RandomSequenceWorkerIT::strip);
        }
    }
}
