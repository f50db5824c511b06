package dev.provisioning.worker.bootstrap;

import dev.provisioning.worker.billing.BillingResolver;
import dev.provisioning.worker.operations.OperationsServer;
import dev.provisioning.worker.operations.WorkerMetrics;
import dev.provisioning.worker.provisioning.ProvisioningWorker;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deploys the worker and its operations endpoints on one Vert.x instance, and stops them. */
public final class WorkerApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerApp.class);

    /**
     * Longest start: longer than every step's own timeout (30 s to reach Kafka, 30 s for topic
     * leaders, the Redis connect timeout), so a failed step reports its own cause first.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    private final Vertx vertx;
    private final WorkerMetrics metrics;
    private final OperationsServer operations;
    private final ProvisioningWorker worker;
    private final Duration stopTimeout;

    private WorkerApp(
            Vertx vertx,
            WorkerMetrics metrics,
            OperationsServer operations,
            ProvisioningWorker worker,
            Duration stopTimeout) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.operations = operations;
        this.worker = worker;
        this.stopTimeout = stopTimeout;
    }

    /** Starts the worker and waits until it consumes, or throws why it could not start. */
    public static WorkerApp start(WorkerSettings settings) throws Exception {
        log.info("worker starting settings={}", settings.describe());
        Vertx vertx = Vertx.vertx();
        WorkerMetrics metrics = new WorkerMetrics();
        OperationsServer operations =
                new OperationsServer(metrics, settings.redis(), settings.httpPort());
        ProvisioningWorker worker =
                new ProvisioningWorker(
                        workerSettings(settings), metrics, metrics, metrics.registry());
        try {
            vertx.deployVerticle(worker)
                    .compose(id -> vertx.deployVerticle(operations))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw e;
        }
        return new WorkerApp(
                vertx, metrics, operations, worker, settings.intake().shutdownTimeout());
    }

    static ProvisioningWorker.Settings workerSettings(WorkerSettings settings) {
        Map<String, String> kafka = new HashMap<>(settings.kafkaClientProperties());
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return new ProvisioningWorker.Settings(
                Map.copyOf(kafka),
                settings.groupId(),
                settings.topics(),
                settings.createTopics(),
                settings.topicPartitions(),
                settings.topicReplication(),
                settings.redis(),
                settings.keyPrefix(),
                settings.limits(),
                settings.intake(),
                settings.exactlyOnce(),
                settings.billingRouteCacheMaxEntries(),
                settings.rebuildOnEmpty());
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    /** Returns the billing route resolver for code outside the usage path. */
    public BillingResolver billingResolver() {
        return worker.billingResolver();
    }

    /** Returns the port of the operations endpoints. */
    public int httpPort() {
        return operations.actualPort();
    }

    /** Stops intake, drains in-flight requests within the shutdown timeout, and closes. */
    @Override
    public void close() throws Exception {
        vertx.close()
                .toCompletionStage()
                .toCompletableFuture()
                .get(stopTimeout.toSeconds() + 15, TimeUnit.SECONDS);
    }
}
