package dev.provisioning.worker.provisioning;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter for store calls.
 *
 * @param initialDelay delay before the second attempt
 * @param maxDelay cap of the delay
 * @param maxAttemptsForErrors attempts for a failure that is not transient (a script error) before
 *     the record goes to the dead-letter topic; transient failures retry until they pass or the
 *     worker stops
 */
record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttemptsForErrors) {

    static final RetryPolicy DEFAULTS =
            new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(5), 3);

    long delayMillis(int attempt, RandomGenerator random) {
        long base = initialDelay.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxDelay.toMillis());
        return Math.max(1, capped / 2 + random.nextLong(capped / 2 + 1));
    }
}
