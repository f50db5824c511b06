package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The packaged worker stops cleanly on SIGTERM and refuses to start with bad settings. */
class ShutdownIT {
    private static final int ACCOUNTS = 8;
    private static final int CLIENTS = 400;

    private WorkerHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void sigtermDuringLoad_exitsZeroInTimeAndRestartFinishesWithoutRepeats() throws Exception {
        harness = new WorkerHarness().set("PROVISIONING_SHUTDOWN_TIMEOUT", "10s");
        Map<String, String> environment = harness.environment();
        try (WorkerProcess first = WorkerProcess.start(environment, "run")) {
            first.awaitConsuming(Duration.ofSeconds(60));
            harness.startReading();
            harness.signUpAccounts("term", ACCOUNTS);
            harness.onboardClients("term", ACCOUNTS, 0, CLIENTS);
            harness.awaitResults(ACCOUNTS * 30, Duration.ofSeconds(60));

            first.terminate();
            int status = first.awaitExit(Duration.ofSeconds(25));

            assertThat(status).isZero();
        }
        try (WorkerProcess second = WorkerProcess.start(environment, "run")) {
            second.awaitConsuming(Duration.ofSeconds(60));

            List<ConsumerRecord<byte[], byte[]>> records =
                    harness.awaitResults(ACCOUNTS * (CLIENTS + 1), Duration.ofSeconds(120));
            records = harness.drainResults(Duration.ofSeconds(3));

            Map<String, Long> perRequest =
                    records.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            r -> harness.decode(r).requestId(),
                                            Collectors.counting()));
            assertThat(perRequest).hasSize(ACCOUNTS * (CLIENTS + 1));
            assertThat(perRequest.values()).allMatch(count -> count == 1);
        }
    }

    @Test
    void badSettings_eachNamedAndExitTwo() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("HTTP_PORT", "99999");
        environment.put("PROVISIONING_REDIS_COMMAND_TIMEOUT", "soon");
        environment.put("PROVISIONING_PROCESSING_GUARANTEE", "maybe");

        try (WorkerProcess worker = WorkerProcess.start(environment, "run")) {
            int status = worker.awaitExit(Duration.ofSeconds(30));
            String output = worker.output();

            assertThat(status).isEqualTo(2);
            assertThat(output).contains("invalid HTTP_PORT=\"99999\"");
            assertThat(output).contains("invalid PROVISIONING_REDIS_COMMAND_TIMEOUT=\"soon\"");
            assertThat(output).contains("invalid PROVISIONING_PROCESSING_GUARANTEE=\"maybe\"");
        }
    }
}
