package dev.provisioning.worker.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis server for integration tests and the local command line: the one that the {@code
 * REDIS_URL} environment variable names, or else a {@link LocalRedis} started for the caller.
 * Closing the endpoint stops the local server and leaves a server from {@code REDIS_URL} alone.
 */
public final class RedisEndpoint implements AutoCloseable {

    /** The environment variable with the URI of an already running Redis. */
    public static final String REDIS_URL_VARIABLE = "REDIS_URL";

    private static final Logger log = LoggerFactory.getLogger(RedisEndpoint.class);

    private final String uri;
    private final LocalRedis localRedis;

    private RedisEndpoint(String uri, LocalRedis localRedis) {
        this.uri = uri;
        this.localRedis = localRedis;
    }

    /**
     * Returns the Redis of {@code REDIS_URL} if that variable is set, without starting anything.
     * Otherwise starts a {@link LocalRedis}.
     *
     * @throws IllegalArgumentException if {@code REDIS_URL} is not a {@code redis://} or {@code
     *     rediss://} URI
     * @throws IllegalStateException if {@code REDIS_URL} is not set and {@code redis-server} is not
     *     installed, or the local server failed to start
     */
    public static RedisEndpoint fromEnvironmentOrLocal() {
        return fromEnvironmentOrLocal(System.getenv(), LocalRedis.isInstalled());
    }

    /**
     * Does the work of {@link #fromEnvironmentOrLocal()} with the given environment in place of the
     * process's.
     */
    public static RedisEndpoint fromEnvironmentOrLocal(Map<String, String> environment) {
        return fromEnvironmentOrLocal(environment, LocalRedis.isInstalled());
    }

    /** Does the work of {@link #fromEnvironmentOrLocal()} with the environment as arguments. */
    static RedisEndpoint fromEnvironmentOrLocal(
            Map<String, String> environment, boolean redisServerInstalled) {
        String redisUrl = environment.get(REDIS_URL_VARIABLE);
        if (redisUrl != null && !redisUrl.isBlank()) {
            URI parsed = parseRedisUrl(redisUrl.strip());
            log.info(
                    "Redis endpoint from {} host={} port={}",
                    REDIS_URL_VARIABLE,
                    parsed.getHost(),
                    parsed.getPort());
            return new RedisEndpoint(redisUrl.strip(), null);
        }
        if (!redisServerInstalled) {
            throw new IllegalStateException(
                    "no Redis available: "
                            + REDIS_URL_VARIABLE
                            + " is not set and redis-server is not on PATH; install redis-server"
                            + " (for example: apt-get install redis-server) or set "
                            + REDIS_URL_VARIABLE
                            + " to a running Redis, such as redis://127.0.0.1:6379");
        }

        LocalRedis started = LocalRedis.start();
        return new RedisEndpoint(started.uri(), started);
    }

    /**
     * Returns the URI for Redis clients. A URI from {@code REDIS_URL} may contain a password, so do
     * not log it.
     */
    public String uri() {
        return uri;
    }

    /** Returns the server started for this endpoint, or empty when it came from REDIS_URL. */
    public Optional<LocalRedis> localRedis() {
        return Optional.ofNullable(localRedis);
    }

    /** Stops the server started for this endpoint, if any. */
    @Override
    public void close() {
        if (localRedis != null) {
            localRedis.close();
        }
    }

    @Override
    public String toString() {
        return localRedis != null
                ? "RedisEndpoint[local " + uri + "]"
                : "RedisEndpoint[" + REDIS_URL_VARIABLE + "]";
    }

    /** Parses {@code REDIS_URL}. Messages leave the value out because it may contain a password. */
    private static URI parseRedisUrl(String redisUrl) {
        URI parsed;
        try {
            parsed = new URI(redisUrl);
        } catch (URISyntaxException e) {
            // The cause is left out because its message repeats the whole value.
            throw new IllegalArgumentException(
                    "invalid "
                            + REDIS_URL_VARIABLE
                            + " (value not shown): not a URI at index "
                            + e.getIndex()
                            + "; expected redis://host:port");
        }

        String scheme = Objects.requireNonNullElse(parsed.getScheme(), "");
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException(
                    "invalid "
                            + REDIS_URL_VARIABLE
                            + " scheme \""
                            + scheme
                            + "\": expected redis://host:port or rediss://host:port");
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException(
                    "invalid " + REDIS_URL_VARIABLE + " (value not shown): expected a host");
        }
        return parsed;
    }
}
