package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.provisioning.worker.local.LocalRedis;
import dev.provisioning.worker.operations.WorkerMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With Redis stalled (its process stopped with SIGSTOP), the worker pauses its partitions instead
 * of buffering without bound, keeps its group membership, and answers every request exactly once
 * after Redis comes back.
 */
class BackPressureIT {
    private static final int MAX_IN_FLIGHT = 200;
    private static final int MAX_POLL_RECORDS = 500;
    private static final int ACCOUNTS = 10;
    private static final int CLIENTS = 300;

    private LocalRedis redis;
    private WorkerHarness harness;

    @BeforeEach
    void start() throws Exception {
        redis = LocalRedis.start();
        harness =
                new WorkerHarness()
                        .set("REDIS_URL", redis.uri())
                        .set("PROVISIONING_MAX_IN_FLIGHT", Integer.toString(MAX_IN_FLIGHT))
                        .set("PROVISIONING_REDIS_COMMAND_TIMEOUT", "300ms")
                        .startWorker();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        redis.close();
    }

    @Test
    void redisStalled_partitionsPauseThenEveryRequestAnsweredOnce() {
        harness.signUpAccounts("slow", ACCOUNTS);
        harness.awaitResults(ACCOUNTS, Duration.ofSeconds(30));
        WorkerMetrics metrics = harness.worker().metrics();

        redis.pause();
        harness.onboardClients("slow", ACCOUNTS, 0, CLIENTS);
        AtomicInteger peakInFlight = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            peakInFlight.accumulateAndGet(metrics.inFlight(), Math::max);
                            return metrics.pausedPartitions() > 0;
                        });
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> peakInFlight.accumulateAndGet(metrics.inFlight(), Math::max) >= 0);
        redis.resume();
        List<ConsumerRecord<byte[], byte[]>> records =
                harness.awaitResults(ACCOUNTS * (CLIENTS + 1), Duration.ofSeconds(120));
        records = harness.drainResults(Duration.ofSeconds(2));

        assertThat(peakInFlight.get()).isLessThanOrEqualTo(MAX_IN_FLIGHT + MAX_POLL_RECORDS);
        Map<String, Long> perRequest =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> harness.decode(r).requestId(), Collectors.counting()));
        assertThat(perRequest).hasSize(ACCOUNTS * (CLIENTS + 1));
        assertThat(perRequest.values()).allMatch(count -> count == 1);
        assertThat(metrics.pausedPartitions()).isZero();
    }
}
