package dev.provisioning.worker.provisioning;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a repeating warning in full the first time, then at most once per interval with the count of
 * those suppressed, and logs the recovery once. Thread-safe.
 */
public final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong suppressed = new AtomicLong();
    private volatile long lastLoggedNanos;
    private volatile boolean failing;

    public ThrottledLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs the failure in full if it is the first of a run or the interval has passed. */
    public void warn(String message, Throwable error) {
        long now = System.nanoTime();
        if (!failing) {
            failing = true;
            lastLoggedNanos = now;
            log.warn(message, error);
            return;
        }
        if (now - lastLoggedNanos < intervalNanos) {
            suppressed.incrementAndGet();
            return;
        }
        lastLoggedNanos = now;
        long count = suppressed.getAndSet(0);
        log.warn("{} ({} similar failures suppressed): {}", message, count, String.valueOf(error));
    }

    /** Logs the end of a run of failures, once. */
    public void recovered(String message) {
        if (failing) {
            failing = false;
            long count = suppressed.getAndSet(0);
            log.info("{} after {} suppressed failures", message, count);
        }
    }
}
