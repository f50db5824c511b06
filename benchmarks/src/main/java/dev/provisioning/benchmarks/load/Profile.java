package dev.provisioning.benchmarks.load;

import java.time.Duration;

/**
 * Sizes and durations of one run. Every loop of the harness is bounded by these.
 *
 * @param name "full" or "quick"
 * @param accounts accounts signed up at setup, among which usage is spread
 * @param window requests kept outstanding by the closed loops; twice the worker's default in-flight
 *     limit, so the worker always has work and lag stays bounded
 * @param warmUp closed-loop time before W is measured, to compile the hot paths
 * @param measure closed-loop measurement time of W and of each baseline
 * @param latencyPoint open-loop time of each fixed offered rate
 * @param burstClients clients one ASP onboards in the burst
 * @param redisBenchmarkRequests EVALSHA calls of redis-benchmark
 * @param drainTimeout longest wait for outstanding results after a phase stops sending
 */
record Profile(
        String name,
        int accounts,
        int window,
        Duration warmUp,
        Duration measure,
        Duration latencyPoint,
        int burstClients,
        long redisBenchmarkRequests,
        Duration drainTimeout) {

    static final Profile FULL =
            new Profile(
                    "full",
                    20_000,
                    4_000,
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(40),
                    Duration.ofSeconds(30),
                    100_000,
                    400_000,
                    Duration.ofSeconds(120));

    static final Profile QUICK =
            new Profile(
                    "quick",
                    2_000,
                    4_000,
                    Duration.ofSeconds(8),
                    Duration.ofSeconds(12),
                    Duration.ofSeconds(10),
                    10_000,
                    100_000,
                    Duration.ofSeconds(60));
}
