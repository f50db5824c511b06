package dev.provisioning.worker.provisioning;

import java.time.Duration;

/**
 * How the worker takes requests from Kafka.
 *
 * @param maxInFlight records polled but not finished before partitions pause; they resume at half
 * @param pollTimeout longest wait of one poll
 * @param commitInterval shortest time between two asynchronous offset commits
 * @param revokeTimeout how long a rebalance waits for the revoked partitions' records
 * @param shutdownTimeout how long a stop waits for in-flight records before closing
 */
public record IntakeSettings(
        int maxInFlight,
        Duration pollTimeout,
        Duration commitInterval,
        Duration revokeTimeout,
        Duration shutdownTimeout) {

    public static final IntakeSettings DEFAULTS =
            new IntakeSettings(
                    2_000,
                    Duration.ofMillis(100),
                    Duration.ofMillis(200),
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(20));
}
