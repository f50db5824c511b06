package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In exactly-once mode a read_committed reader sees exactly one result per request, even when the
 * worker is killed without warning in the middle of a stream and another takes over.
 */
class ExactlyOnceIT {
    private static final int ACCOUNTS = 6;
    private static final int CLIENTS = 300;

    private WorkerHarness harness;

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void exactlyOnce_stream_oneCommittedResultPerRequest() throws Exception {
        harness =
                new WorkerHarness()
                        .set("PROVISIONING_PROCESSING_GUARANTEE", "exactly-once")
                        .startWorker();
        harness.signUpAccounts("eos", ACCOUNTS);
        harness.onboardClients("eos", ACCOUNTS, 0, CLIENTS);

        List<ConsumerRecord<byte[], byte[]>> records =
                harness.awaitResults(ACCOUNTS * (CLIENTS + 1), Duration.ofSeconds(120));
        records = harness.drainResults(Duration.ofSeconds(2));

        assertThat(countPerRequest(records).values()).allMatch(count -> count == 1);
        assertThat(countPerRequest(records)).hasSize(ACCOUNTS * (CLIENTS + 1));
    }

    @Test
    void exactlyOnce_workerKilledMidStream_noDuplicateCommittedResults() throws Exception {
        harness = new WorkerHarness().set("PROVISIONING_PROCESSING_GUARANTEE", "exactly-once");
        Map<String, String> environment = harness.environment();
        try (WorkerProcess first = WorkerProcess.start(environment, "run")) {
            first.awaitConsuming(Duration.ofSeconds(60));
            harness.startReading();
            harness.signUpAccounts("eos", ACCOUNTS);
            harness.onboardClients("eos", ACCOUNTS, 0, CLIENTS);
            harness.awaitResults(ACCOUNTS * 20, Duration.ofSeconds(60));
            first.kill();
            first.awaitExit(Duration.ofSeconds(10));
        }
        try (WorkerProcess second = WorkerProcess.start(environment, "run")) {
            second.awaitConsuming(Duration.ofSeconds(60));

            List<ConsumerRecord<byte[], byte[]>> records =
                    harness.awaitResults(ACCOUNTS * (CLIENTS + 1), Duration.ofSeconds(120));
            records = harness.drainResults(Duration.ofSeconds(3));
            assertThat(countPerRequest(records)).hasSize(ACCOUNTS * (CLIENTS + 1));
            assertThat(countPerRequest(records).values()).allMatch(count -> count == 1);
        }
    }

    private Map<String, Long> countPerRequest(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .collect(
                        Collectors.groupingBy(
                                record -> harness.decode(record).requestId(),
                                Collectors.counting()));
    }
}
