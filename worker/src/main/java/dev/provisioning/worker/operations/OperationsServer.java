package dev.provisioning.worker.operations;

import dev.provisioning.worker.account.RedisConnector;
import dev.provisioning.worker.account.RedisSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP endpoints for operators: {@code /health/live}, {@code /health/ready} and {@code /metrics}.
 *
 * <p>Live means the process serves HTTP. Ready means the poll loop polled within the last 10
 * seconds, at least one partition is assigned, and Redis replies to PING (every master, in a Redis
 * Cluster); it checks Redis over its own connection, so a stuck request path cannot hide a healthy
 * Redis or the other way round.
 */
public final class OperationsServer extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(OperationsServer.class);
    private static final Duration POLL_STALE_AFTER = Duration.ofSeconds(10);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    /** Pending PINGs per node; readiness probes come a few at a time. */
    private static final int REDIS_REQUEST_QUEUE_SIZE = 64;

    private final WorkerMetrics metrics;
    private final RedisSettings redisSettings;
    private final int port;
    private HttpServer server;
    private RedisConnector redis;

    /**
     * @param redisSettings the worker's Redis; this server uses a one-second command timeout
     */
    public OperationsServer(WorkerMetrics metrics, RedisSettings redisSettings, int port) {
        this.metrics = metrics;
        this.redisSettings = redisSettings.withCommandTimeout(PING_TIMEOUT);
        this.port = port;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health/live")
                .handler(request -> request.response().end("{\"status\":\"UP\"}"));
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics")
                .handler(
                        request ->
                                request.response()
                                        .putHeader("content-type", "text/plain; version=0.0.4")
                                        .end(metrics.scrape()));
        return vertx.executeBlocking(this::connectRedis)
                .compose(ignored -> vertx.createHttpServer().requestHandler(router).listen(port))
                .onSuccess(
                        listening -> {
                            server = listening;
                            log.info(
                                    "operations endpoints listening port={}",
                                    listening.actualPort());
                        });
    }

    private Void connectRedis() {
        redis = RedisConnector.connect(redisSettings, REDIS_REQUEST_QUEUE_SIZE);
        return null;
    }

    private void ready(RoutingContext request) {
        Future.fromCompletionStage(redis.ping(), vertx.getOrCreateContext())
                .map(pong -> true)
                .otherwise(false)
                .onComplete(
                        outcome -> {
                            boolean redisUp = outcome.result();
                            boolean polling = metrics.isPolling(POLL_STALE_AFTER);
                            boolean assigned = metrics.assignedPartitions() > 0;
                            boolean ready = redisUp && polling && assigned;
                            JsonObject body =
                                    new JsonObject()
                                            .put("status", ready ? "UP" : "DOWN")
                                            .put("redis", redisUp)
                                            .put("kafkaPolling", polling)
                                            .put("assignedPartitions", metrics.assignedPartitions())
                                            .put("inFlight", metrics.inFlight());
                            request.response().setStatusCode(ready ? 200 : 503).end(body.encode());
                        });
    }

    /** Returns the bound port, useful when the configured port was 0. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(
                () -> {
                    if (redis != null) {
                        redis.close();
                    }
                    return null;
                });
    }
}
