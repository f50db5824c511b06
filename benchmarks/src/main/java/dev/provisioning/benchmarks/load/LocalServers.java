package dev.provisioning.benchmarks.load;

import dev.provisioning.worker.local.LocalKafkaBroker;
import dev.provisioning.worker.local.LocalRedis;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The broker and Redis of a run: started here (an in-JVM KRaft broker and a redis-server child
 * process, both on 127.0.0.1) or given by the caller, in which case every host must be a loopback
 * address so that the harness never sends load to another machine.
 */
final class LocalServers implements AutoCloseable {
    private final Optional<LocalKafkaBroker> broker;
    private final Optional<LocalRedis> redis;
    private final String bootstrapServers;
    private final URI redisUri;

    private LocalServers(
            Optional<LocalKafkaBroker> broker,
            Optional<LocalRedis> redis,
            String bootstrapServers,
            URI redisUri) {
        this.broker = broker;
        this.redis = redis;
        this.bootstrapServers = bootstrapServers;
        this.redisUri = redisUri;
    }

    /**
     * Connects to the given servers or starts local ones.
     *
     * @param bootstrapServers host:port list of a broker on this machine, or null to start one
     * @param redisUrl redis://host:port of a Redis on this machine, or null to start one
     * @throws IllegalArgumentException if a given host is not a loopback address
     */
    static LocalServers startOrConnect(String bootstrapServers, String redisUrl) {
        if (bootstrapServers != null) {
            for (String server : bootstrapServers.split(",")) {
                String host = server.trim().substring(0, server.trim().lastIndexOf(':'));
                requireLoopback("--bootstrap-servers", host.replace("[", "").replace("]", ""));
            }
        }
        if (redisUrl != null) {
            requireLoopback("--redis-url", URI.create(redisUrl).getHost());
        }
        Optional<LocalRedis> redis =
                redisUrl == null ? Optional.of(LocalRedis.start()) : Optional.empty();
        Optional<LocalKafkaBroker> broker = Optional.empty();
        try {
            broker =
                    bootstrapServers == null
                            ? Optional.of(
                                    LocalKafkaBroker.start(
                                            LocalKafkaBroker.Settings.defaults().withPartitions(6)))
                            : Optional.empty();
        } catch (RuntimeException e) {
            redis.ifPresent(LocalRedis::close);
            throw e;
        }
        return new LocalServers(
                broker,
                redis,
                broker.map(LocalKafkaBroker::bootstrapServers).orElse(bootstrapServers),
                URI.create(redis.map(LocalRedis::uri).orElse(redisUrl)));
    }

    private static void requireLoopback(String option, String host) {
        try {
            if (host != null && InetAddress.getByName(host).isLoopbackAddress()) {
                return;
            }
        } catch (UnknownHostException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "invalid "
                        + option
                        + " host \""
                        + host
                        + "\": the load harness only sends load to loopback addresses such as"
                        + " 127.0.0.1 or ::1; leave the option out to start a local server");
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    URI redisUri() {
        return redisUri;
    }

    /** Describes where the servers came from, for the report. */
    String describe() {
        return (broker.isPresent() ? "in-JVM KRaft broker " : "given broker ")
                + bootstrapServers
                + ", "
                + (redis.isPresent() ? "redis-server child process " : "given Redis ")
                + redisUri.getHost()
                + ":"
                + redisUri.getPort();
    }

    @Override
    public void close() {
        broker.ifPresent(LocalKafkaBroker::close);
        redis.ifPresent(LocalRedis::close);
    }
}
