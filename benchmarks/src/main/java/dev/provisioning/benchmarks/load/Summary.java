package dev.provisioning.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Turns a finished {@link Phase} into the figures the report and the JSON file show. */
final class Summary {
    private Summary() {}

    /**
     * Returns the phase's counts and latency percentiles in milliseconds.
     *
     * @param ratePerSecond the throughput (closed loop) or offered rate (open loop), or null
     */
    static Map<String, Object> of(Phase phase, Double ratePerSecond) {
        Histogram latency = phase.latencyMicros;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", phase.name);
        if (ratePerSecond != null) {
            summary.put("ratePerSecond", ratePerSecond);
        }
        summary.put("sent", phase.sent.get());
        summary.put("received", phase.received.get());
        summary.put("missing", phase.outstanding());
        summary.put("rejected", phase.rejected.get());
        summary.put("orderViolations", phase.orderViolations.get());
        summary.put("duplicates", phase.duplicates.get());
        summary.put("sendFailures", phase.sendFailures.get());
        summary.put("p50Millis", millis(latency, 50));
        summary.put("p99Millis", millis(latency, 99));
        summary.put("p999Millis", millis(latency, 99.9));
        summary.put("maxMillis", latency.getMaxValue() / 1000.0);
        return summary;
    }

    private static double millis(Histogram latency, double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }
}
