package dev.provisioning.worker.account;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lettuce client with one shared connection to the Redis that stores account state: one
 * standalone server, or a Redis Cluster reached through its seed nodes. Callers get the command
 * interfaces that both kinds implement, so stores and readers have one code path for either.
 *
 * <p>Both kinds reject commands while disconnected, bound the queue of pending commands and time
 * out each command after the configured timeout. The cluster client also reads the topology again
 * after a MOVED or ASK redirect, after repeated reconnects, and periodically. Connecting and
 * closing block, so callers run them off the event loop; the connection itself is thread-safe.
 */
public final class RedisConnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

    /** Period of topology reads that the cluster client makes besides those after redirects. */
    private static final Duration TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(30);

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final AbstractRedisClient client;
    private final RedisClusterAsyncCommands<String, String> async;
    private final RedisClusterCommands<String, String> sync;
    private final StatefulConnection<String, String> connection;

    /** The cluster connection, or null for a standalone server. */
    private final StatefulRedisClusterConnection<String, String> clusterConnection;

    private RedisConnector(
            AbstractRedisClient client,
            RedisClusterAsyncCommands<String, String> async,
            RedisClusterCommands<String, String> sync,
            StatefulConnection<String, String> connection,
            StatefulRedisClusterConnection<String, String> clusterConnection) {
        this.client = client;
        this.async = async;
        this.sync = sync;
        this.connection = connection;
        this.clusterConnection = clusterConnection;
    }

    /**
     * Connects to the server, or to the cluster through its seed nodes, and blocks until the
     * connection is open.
     *
     * @param requestQueueSize commands that may wait for a reply on one node connection; a cluster
     *     connection has one such queue per node
     * @throws io.lettuce.core.RedisConnectionException if no server or seed node could be reached
     */
    public static RedisConnector connect(RedisSettings settings, int requestQueueSize) {
        return settings.cluster()
                ? connectCluster(settings, requestQueueSize)
                : connectStandalone(settings, requestQueueSize);
    }

    private static RedisConnector connectStandalone(RedisSettings settings, int requestQueueSize) {
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        RedisClient client = RedisClient.create(uri);
        client.setOptions(
                ClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .requestQueueSize(requestQueueSize)
                        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                        .sslOptions(sslOptions(settings))
                        .build());

        StatefulRedisConnection<String, String> connection;
        try {
            connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
            throw e;
        }
        log.info("redis connected mode=standalone host={}", settings.hosts().get(0));
        return new RedisConnector(client, connection.async(), connection.sync(), connection, null);
    }

    private static RedisConnector connectCluster(RedisSettings settings, int requestQueueSize) {
        List<RedisURI> seeds = RedisClusterURIUtil.toRedisURIs(URI.create(settings.uri()));
        seeds.forEach(seed -> seed.setTimeout(settings.commandTimeout()));
        RedisClusterClient client = RedisClusterClient.create(seeds);
        client.setOptions(
                ClusterClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .requestQueueSize(requestQueueSize)
                        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                        .sslOptions(sslOptions(settings))
                        .topologyRefreshOptions(
                                ClusterTopologyRefreshOptions.builder()
                                        .enablePeriodicRefresh(TOPOLOGY_REFRESH_PERIOD)
                                        .enableAllAdaptiveRefreshTriggers()
                                        .build())
                        .build());

        StatefulRedisClusterConnection<String, String> connection;
        try {
            connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
            throw e;
        }
        try {
            connectEveryMaster(connection);
        } catch (RuntimeException e) {
            connection.close();
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
            throw e;
        }
        log.info(
                "redis connected mode=cluster seeds={} nodes={}",
                String.join(",", settings.hosts()),
                connection.getPartitions().size());
        return new RedisConnector(
                client, connection.async(), connection.sync(), connection, connection);
    }

    /**
     * Returns TLS options that trust the certificates of {@code tlsCaFile}, or Lettuce's defaults,
     * which trust the JVM's default trust store. Options apply only to {@code rediss://} URIs.
     */
    private static SslOptions sslOptions(RedisSettings settings) {
        if (settings.tlsCaFile() == null) {
            return SslOptions.create();
        }
        return SslOptions.builder()
                .jdkSslProvider()
                .trustManager(settings.tlsCaFile().toFile())
                .build();
    }

    /**
     * Opens the connection to every master now. Lettuce (7.7) opens node connections lazily, and
     * with REJECT_COMMANDS it rejected the first command routed to each master while that
     * connection was still opening. Slot routing uses connections keyed by host and port, so those
     * are the ones opened here; connections opened by node id are separate and would not help.
     */
    // NOTE: a master that joins later, after a failover or resharding, is still connected lazily,
    // so its first command fails with "not connected" and the worker's retry policy repeats it.
    private static void connectEveryMaster(StatefulRedisClusterConnection<String, String> cluster) {
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                cluster.getConnection(node.getUri().getHost(), node.getUri().getPort());
            }
        }
    }

    /** Returns whether this is a Redis Cluster connection. */
    public boolean isCluster() {
        return clusterConnection != null;
    }

    /** Returns the asynchronous commands; a cluster routes each keyed command to its slot. */
    public RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    /** Returns the blocking commands, for command-line tools and start-up, never an event loop. */
    public RedisClusterCommands<String, String> sync() {
        return sync;
    }

    /**
     * Sends PING to the server, or to every master of the cluster, because each of them owns some
     * accounts. The stage completes when all replied and fails when any of them failed.
     */
    public CompletionStage<?> ping() {
        if (clusterConnection == null) {
            return async.ping();
        }
        return clusterConnection.async().upstream().commands().ping();
    }

    /** Closes the connection and shuts the client down, waiting up to two seconds. */
    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
    }
}
