package dev.provisioning.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends generated requests to one request topic, from the calling thread, in one of two shapes:
 * closed loop (keep a fixed number of requests without a result, to find the maximum sustained
 * throughput) and open loop (send at fixed intervals whatever happens, and measure each latency
 * from the intended send time so that a stalled system cannot hide its queueing delay).
 *
 * <p>Every loop is bounded by a request count or a deadline, and the wait for outstanding results
 * afterwards is bounded too.
 */
final class LoadDriver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadDriver.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final ResultReader results;
    private final Duration drainTimeout;

    LoadDriver(ClientSettings clients, String topic, ResultReader results, Duration drainTimeout) {
        this.producer = clients.producer("load-generator-" + topic);
        this.topic = topic;
        this.results = results;
        this.drainTimeout = drainTimeout;
    }

    /**
     * Keeps {@code window} requests outstanding for warm-up plus measurement time, and returns the
     * phase; its results received during the measurement part give the throughput.
     */
    Phase closedLoop(
            String name, Supplier<Request> source, int window, Duration warmUp, Duration measure) {
        Phase phase = begin(name, source);
        long start = System.nanoTime();
        long windowStart = start + warmUp.toNanos();
        long end = windowStart + measure.toNanos();
        phase.setWindow(windowStart, end);
        long lastSequence = phase.firstSequence - 1;
        Request pending = null;
        while (System.nanoTime() < end) {
            if (phase.outstanding() >= window) {
                LockSupport.parkNanos(50_000);
                continue;
            }
            pending = pending == null ? source.get() : pending;
            if (!fitsCapacity(pending)) {
                break;
            }
            send(phase, pending, System.nanoTime());
            lastSequence = pending.sequence();
            pending = null;
        }
        finish(phase, lastSequence);
        return phase;
    }

    /**
     * Sends {@code ratePerSecond} requests a second for the given time, each at its scheduled
     * instant, and returns the phase with latencies measured from those instants.
     */
    Phase openLoop(String name, Supplier<Request> source, double ratePerSecond, Duration time) {
        Phase phase = begin(name, source);
        long count = Math.max(1, (long) (ratePerSecond * time.toNanos() / 1e9));
        double intervalNanos = 1e9 / ratePerSecond;
        long start = System.nanoTime();
        phase.setWindow(start, start + time.toNanos());
        long lastSequence = phase.firstSequence - 1;
        for (long i = 0; i < count; i++) {
            long intended = start + (long) (i * intervalNanos);
            long wait = intended - System.nanoTime();
            if (wait > 20_000) {
                LockSupport.parkNanos(wait);
            }
            Request request = source.get();
            if (!fitsCapacity(request)) {
                break;
            }
            send(phase, request, intended);
            lastSequence = request.sequence();
        }
        finish(phase, lastSequence);
        return phase;
    }

    /** Sends all requests as fast as the producer takes them, then waits for their results. */
    Phase burst(String name, Iterator<Request> requests, long firstSequence) {
        Phase phase = new Phase(name, firstSequence);
        results.setPhase(phase);
        long start = System.nanoTime();
        phase.setWindow(start, Long.MAX_VALUE);
        long lastSequence = firstSequence - 1;
        while (requests.hasNext()) {
            Request request = requests.next();
            if (!fitsCapacity(request)) {
                break;
            }
            send(phase, request, System.nanoTime());
            lastSequence = request.sequence();
        }
        finish(phase, lastSequence);
        return phase;
    }

    private Phase begin(String name, Supplier<Request> source) {
        Request first = source.get();
        Phase phase = new Phase(name, first.sequence());
        results.setPhase(phase);
        send(phase, first, System.nanoTime());
        return phase;
    }

    private boolean fitsCapacity(Request request) {
        if (results.tracks(request.sequence())) {
            return true;
        }
        log.warn(
                "request sequence {} is past the result reader's capacity; the phase stops early",
                request.sequence());
        return false;
    }

    private void send(Phase phase, Request request, long intendedNanos) {
        results.intendedSend(request.sequence(), intendedNanos);
        phase.sent.incrementAndGet();
        producer.send(
                new ProducerRecord<>(
                        topic,
                        request.accountId().getBytes(StandardCharsets.UTF_8),
                        request.value()),
                (metadata, error) -> {
                    if (error != null) {
                        phase.sendFailures.incrementAndGet();
                    }
                });
    }

    private void finish(Phase phase, long lastSequence) {
        phase.sendingFinished(lastSequence);
        producer.flush();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (phase.outstanding() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
        }
        log.info(
                "phase done name={} sent={} received={} rejected={} p99Micros={}",
                phase.name,
                phase.sent.get(),
                phase.received.get(),
                phase.rejected.get(),
                phase.latencyMicros.getValueAtPercentile(99));
        if (phase.outstanding() > 0) {
            log.warn(
                    "phase {} ended with {} requests without a result after {} s",
                    phase.name,
                    phase.outstanding(),
                    drainTimeout.toSeconds());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
