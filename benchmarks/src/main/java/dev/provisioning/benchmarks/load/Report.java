package dev.provisioning.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the figures of a run as one plain-text table: throughputs, latencies, the ratios with
 * their targets, Redis and CPU cost per request, memory, and the hottest methods.
 */
final class Report {
    private final Map<String, Object> figures;
    private final List<String> lines = new ArrayList<>();

    Report(Map<String, Object> figures) {
        this.figures = figures;
    }

    String render() {
        throughputs();
        latencies();
        ratios();
        resources();
        hotMethods();
        return String.join("\n", lines) + "\n";
    }

    private void throughputs() {
        section("Throughput (requests/s, mixed workload)");
        row("W   worker, closed loop, 6 partitions", rate("W"), "");
        row("B1a pass-through, bytes copied", rate("B1a"), "");
        row("B1b pass-through + decode + result encode", rate("B1b"), "");
        row(
                "B2  redis-benchmark EVALSHA usage.record, -c 8 -P 16",
                number(map("B2"), "opsPerSecond"),
                "");
        row("B5  naive: one at a time, sync Redis, send().get()", rate("B5"), "");
        row("key-ordered worker, 1 partition", rate("keyOrdered"), "");
        row("partition-serial loop, 1 partition", rate("partitionSerial"), "");
        row(
                "burst: one ASP onboards " + (long) number(map("burst"), "clients") + " clients",
                rate("burst"),
                "");
    }

    private void latencies() {
        section("End-to-end latency, open loop, from intended send time (ms)");
        lines.add(
                String.format(
                        Locale.ROOT,
                        "  %-28s %9s %9s %8s %8s %8s %8s %7s",
                        "run",
                        "offered/s",
                        "received",
                        "p50",
                        "p99",
                        "p99.9",
                        "max",
                        "missing"));
        for (Map<String, Object> point : list("workerLatency")) {
            latencyRow("worker at " + percent(number(point, "fractionOfW")) + " of W", point);
        }
        latencyRow("B1a at 50% of W", map("B1aLatency"));
        latencyRow("B1b at 50% of W", map("B1bLatency"));
        latencyRow("worker closed loop (W)", map("W"));
    }

    private void ratios() {
        section("Ratios and targets");
        double w = rate("W");
        double p99Half = number(list("workerLatency").get(1), "p99Millis");
        double b1aP99Half = number(map("B1aLatency"), "p99Millis");
        double evalsha = number(map("redis"), "evalshaPerRequest");
        target("W / B1b", w / rate("B1b"), ">= 0.70", w / rate("B1b") >= 0.70);
        target("W / B1a", w / rate("B1a"), ">= 0.40", w / rate("B1a") >= 0.40);
        double b2 = number(map("B2"), "opsPerSecond");
        target(
                "W / B2 (EVALSHA per request " + format(evalsha) + ")",
                w / b2,
                ">= 0.50 with 1 call",
                w / b2 >= 0.50 && Math.abs(evalsha - 1.0) < 0.01);
        target(
                "p99 at 50% W / B1a p99 at same rate",
                p99Half / b1aP99Half, "<= 2.0", p99Half <= 2 * b1aP99Half);
        target("p99 at 50% W (ms)", p99Half, "<= 10", p99Half <= 10);
        double keyOrder = rate("keyOrdered") / rate("partitionSerial");
        target("key-ordered / partition-serial", keyOrder, ">= 5", keyOrder >= 5);
        double burst = number(map("burst"), "ratioToW");
        target("burst / W", burst, ">= 0.50", burst >= 0.50);
        target("W / B5", w / rate("B5"), ">= 10", w / rate("B5") >= 10);
        long violations = 0;
        for (String phase : List.of("W", "burst", "keyOrdered", "B5", "partitionSerial")) {
            violations += (long) number(map(phase), "orderViolations");
        }
        for (Map<String, Object> point : list("workerLatency")) {
            violations += (long) number(point, "orderViolations");
        }
        target("per-account order violations", violations, "= 0", violations == 0);
    }

    private void resources() {
        section("Cost per request during W, and memory");
        Map<String, Object> redis = map("redis");
        Map<String, Object> cpu = map("cpu");
        Map<String, Object> memory = map("memory");
        row("Redis EVALSHA per request", number(redis, "evalshaPerRequest"), "");
        row("Redis client calls per request", number(redis, "clientCallsPerRequest"), "");
        row(
                "Redis commands run per request (in script)",
                number(redis, "serverCommandsPerRequest"),
                "");
        row("worker threads CPU, us per request", number(cpu, "workerMicrosPerRequest"), "");
        row("worker threads CPU, cores busy", number(cpu, "workerThreadsCores"), "");
        row("whole JVM CPU (broker + generator too), cores", number(cpu, "processCores"), "");
        row(
                "heap used, MB min / max",
                number(memory, "heapUsedMinMb"),
                format(number(memory, "heapUsedMaxMb")));
        row(
                "heap after GC, MB first / last third",
                number(memory, "heapAfterGcFirstThirdMb"),
                format(number(memory, "heapAfterGcLastThirdMb")));
        row(
                "RSS, MB at W start / end of run",
                number(memory, "rssAtWMb"),
                format(number(memory, "rssEndMb")));
    }

    private void hotMethods() {
        Object hot = figures.get("hotMethods");
        if (!(hot instanceof Map<?, ?> byKind)) {
            return;
        }
        section("Hottest methods on worker threads during W (JFR execution samples)");
        for (String kind : List.of("leaf", "ownCode")) {
            lines.add("  " + (kind.equals("leaf") ? "top of stack:" : "first frame in own code:"));
            Object entries = byKind.get(kind);
            if (entries instanceof List<?> list) {
                for (Object entry : list) {
                    HotMethods.Hot method = (HotMethods.Hot) entry;
                    lines.add(
                            String.format(
                                    Locale.ROOT,
                                    "    %5.1f%%  %s",
                                    method.share() * 100,
                                    method.method()));
                }
            }
        }
    }

    private void latencyRow(String label, Map<String, Object> point) {
        lines.add(
                String.format(
                        Locale.ROOT,
                        "  %-28s %9.0f %9d %8.2f %8.2f %8.2f %8.2f %7d",
                        label,
                        number(point, "ratePerSecond"),
                        (long) number(point, "received"),
                        number(point, "p50Millis"),
                        number(point, "p99Millis"),
                        number(point, "p999Millis"),
                        number(point, "maxMillis"),
                        (long) number(point, "missing")));
    }

    private void section(String title) {
        lines.add("");
        lines.add(title);
    }

    private void row(String label, double value, String extra) {
        lines.add(String.format(Locale.ROOT, "  %-56s %12s %s", label, format(value), extra));
    }

    private void target(String label, double value, String target, boolean met) {
        lines.add(
                String.format(
                        Locale.ROOT,
                        "  %-56s %12s  target %-20s %s",
                        label,
                        format(value),
                        target,
                        met ? "met" : "NOT met"));
    }

    private double rate(String key) {
        return number(map(key), "ratePerSecond");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String key) {
        Object value = figures.get(key);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String key) {
        Object value = figures.get(key);
        return value instanceof List<?> ? (List<Map<String, Object>>) value : List.of();
    }

    static double number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
