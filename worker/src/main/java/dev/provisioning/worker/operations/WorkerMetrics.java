package dev.provisioning.worker.operations;

import dev.provisioning.worker.provisioning.Handled;
import dev.provisioning.worker.provisioning.PipelineListener;
import dev.provisioning.worker.provisioning.PollLoopListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's Prometheus metrics, and the facts readiness is judged on. Listener methods are
 * called on the poll thread and the pipeline's event loop; every field is thread-safe.
 */
public final class WorkerMetrics implements PipelineListener, PollLoopListener {
    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Timer redisSucceeded;
    private final Timer redisFailed;
    private final Counter polledRecords;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger pausedPartitions = new AtomicInteger();
    private final AtomicInteger assignedPartitions = new AtomicInteger();
    private final AtomicLong lastPollMillis = new AtomicLong();
    private final AtomicLong lastRedisSuccessMillis = new AtomicLong();
    private volatile Exception pollFailure;

    public WorkerMetrics() {
        redisSucceeded = redisTimer("success");
        redisFailed = redisTimer("failure");
        polledRecords =
                Counter.builder("provisioning.records.polled")
                        .description("request records polled from Kafka")
                        .register(registry);
        registry.gauge("provisioning.in.flight", inFlight);
        registry.gauge("provisioning.partitions.paused", pausedPartitions);
        registry.gauge("provisioning.partitions.assigned", assignedPartitions);
    }

    private Timer redisTimer(String outcome) {
        return Timer.builder("provisioning.redis.call")
                .description("latency of one atomic apply call to Redis")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void handled(Handled handled, long durationNanos) {
        String key = handled.type() + '|' + handled.outcome();
        requestTimers
                .computeIfAbsent(
                        key,
                        ignored ->
                                Timer.builder("provisioning.requests")
                                        .description("requests decided, by type and result code")
                                        .tag("type", handled.type())
                                        .tag("code", handled.outcome())
                                        .publishPercentileHistogram()
                                        .register(registry))
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void storeCall(long durationNanos, boolean succeeded) {
        (succeeded ? redisSucceeded : redisFailed).record(durationNanos, TimeUnit.NANOSECONDS);
        if (succeeded) {
            lastRedisSuccessMillis.set(System.currentTimeMillis());
        }
    }

    @Override
    public void polled(int records, int inFlightNow, int paused) {
        polledRecords.increment(records);
        inFlight.set(inFlightNow);
        pausedPartitions.set(paused);
        lastPollMillis.set(System.currentTimeMillis());
    }

    @Override
    public void assigned(int partitions) {
        assignedPartitions.set(partitions);
    }

    @Override
    public void failed(Exception error) {
        pollFailure = error;
    }

    /** Returns the metrics in Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Tells whether the poll loop polled within the given time and has not failed. */
    public boolean isPolling(Duration within) {
        return pollFailure == null
                && System.currentTimeMillis() - lastPollMillis.get() <= within.toMillis();
    }

    public int assignedPartitions() {
        return assignedPartitions.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int pausedPartitions() {
        return pausedPartitions.get();
    }
}
