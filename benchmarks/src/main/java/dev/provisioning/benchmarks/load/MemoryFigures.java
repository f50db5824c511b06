package dev.provisioning.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Summarises the memory samples of a run: the range of heap in use, heap after collection in the
 * first and last third of the run (flat memory keeps these close), and RSS.
 */
final class MemoryFigures {
    private static final double MB = 1024.0 * 1024.0;

    private MemoryFigures() {}

    static Map<String, Object> of(
            List<ProcessSampler.Sample> samples, Map<String, Object> figures) {
        Map<String, Object> memory = new LinkedHashMap<>();
        if (samples.isEmpty()) {
            return memory;
        }
        memory.put(
                "heapUsedMinMb",
                samples.stream().mapToLong(ProcessSampler.Sample::heapUsedBytes).min().orElse(0)
                        / MB);
        memory.put(
                "heapUsedMaxMb",
                samples.stream().mapToLong(ProcessSampler.Sample::heapUsedBytes).max().orElse(0)
                        / MB);
        int third = Math.max(1, samples.size() / 3);
        memory.put("heapAfterGcFirstThirdMb", meanAfterGc(samples.subList(0, third)));
        memory.put(
                "heapAfterGcLastThirdMb",
                meanAfterGc(samples.subList(samples.size() - third, samples.size())));
        memory.put(
                "rssMaxMb",
                samples.stream().mapToLong(ProcessSampler.Sample::rssBytes).max().orElse(0) / MB);
        memory.put("rssAtWMb", rssAt(samples, figures));
        memory.put("rssEndMb", samples.get(samples.size() - 1).rssBytes() / MB);
        return memory;
    }

    private static double meanAfterGc(List<ProcessSampler.Sample> samples) {
        return samples.stream()
                        .mapToLong(ProcessSampler.Sample::heapAfterGcBytes)
                        .average()
                        .orElse(0)
                / MB;
    }

    private static double rssAt(List<ProcessSampler.Sample> samples, Map<String, Object> figures) {
        return figures.get("cpu") instanceof Map<?, ?> cpu
                        && cpu.get("rssAtWStartMb") instanceof Number rss
                ? rss.doubleValue()
                : Double.NaN;
    }
}
