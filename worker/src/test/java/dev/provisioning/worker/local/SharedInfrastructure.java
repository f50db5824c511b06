package dev.provisioning.worker.local;

import java.util.Map;

/**
 * One Kafka broker and one Redis per test JVM, started on first use and stopped when the JVM exits.
 * Tests isolate themselves with their own topics, consumer groups and key prefixes.
 */
public final class SharedInfrastructure {
    private static LocalKafkaBroker broker;
    private static RedisEndpoint redis;

    private SharedInfrastructure() {}

    /** Returns the shared broker, starting it on first use. */
    public static synchronized LocalKafkaBroker broker() {
        if (broker == null) {
            broker =
                    LocalKafkaBroker.start(
                            LocalKafkaBroker.Settings.defaults()
                                    .withPartitions(3)
                                    .withOverrides(Map.of()));
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-broker-stop"));
        }
        return broker;
    }

    /** Returns the shared Redis: REDIS_URL when set, else a redis-server started for tests. */
    public static synchronized RedisEndpoint redis() {
        if (redis == null) {
            redis = RedisEndpoint.fromEnvironmentOrLocal();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "test-redis-stop"));
        }
        return redis;
    }
}
