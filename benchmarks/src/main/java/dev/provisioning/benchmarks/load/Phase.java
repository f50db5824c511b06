package dev.provisioning.benchmarks.load;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The requests of one measured step and what came back for them. The sender counts what it sent;
 * the result reader thread records latencies and counts, and publishes them through {@link
 * #received}, so a reader that sees a count also sees the histogram entries behind it.
 */
final class Phase {
    /** Longest latency the histograms track: 10 minutes in microseconds. */
    private static final long MAX_TRACKED_MICROS = 600_000_000L;

    final String name;
    final long firstSequence;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong orderViolations = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final Histogram latencyMicros = new Histogram(MAX_TRACKED_MICROS, 3);
    private final AtomicLong receivedInWindow = new AtomicLong();
    private volatile long lastSequence = Long.MAX_VALUE;
    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;
    private volatile long firstReceiveNanos;
    private volatile long lastReceiveNanos;

    Phase(String name, long firstSequence) {
        this.name = name;
        this.firstSequence = firstSequence;
    }

    boolean contains(long sequence) {
        return sequence >= firstSequence && sequence <= lastSequence;
    }

    /** Marks the end of sending; later sequences belong to another phase. */
    void sendingFinished(long lastSequence) {
        this.lastSequence = lastSequence;
    }

    void setWindow(long startNanos, long endNanos) {
        windowStartNanos = startNanos;
        windowEndNanos = endNanos;
    }

    /** Called by the result reader thread only. */
    void recordResult(long nowNanos, long latencyNanos, boolean wasRejected) {
        latencyMicros.recordValue(Math.min(MAX_TRACKED_MICROS, Math.max(0, latencyNanos / 1_000)));
        if (wasRejected) {
            rejected.incrementAndGet();
        }
        if (firstReceiveNanos == 0) {
            firstReceiveNanos = nowNanos;
        }
        lastReceiveNanos = nowNanos;
        if (nowNanos >= windowStartNanos && nowNanos < windowEndNanos) {
            receivedInWindow.incrementAndGet();
        }
        received.incrementAndGet();
    }

    long receivedInWindow() {
        return receivedInWindow.get();
    }

    long firstReceiveNanos() {
        return firstReceiveNanos;
    }

    long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    long outstanding() {
        return sent.get() - received.get();
    }
}
