package dev.provisioning.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples this JVM twice a second: heap used, heap still used after the last collection, resident
 * set size from {@code /proc/self/status}, process CPU time, and the CPU time of the worker's own
 * threads, told apart by thread name.
 *
 * <p>The broker, Redis client of the harness and the load generator share this JVM, so process CPU
 * and RSS cover all of them; the worker-thread CPU is the figure that belongs to the worker alone.
 */
final class ProcessSampler implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");

    /**
     * One sample.
     *
     * @param elapsedMillis time since the sampler started
     * @param heapUsedBytes heap in use now
     * @param heapAfterGcBytes heap in use after the last collection, summed over heap pools
     * @param rssBytes resident set size, or -1 where /proc is missing
     * @param processCpuNanos CPU time of the whole JVM
     * @param workerCpuNanos CPU time of the worker's threads
     */
    record Sample(
            long elapsedMillis,
            long heapUsedBytes,
            long heapAfterGcBytes,
            long rssBytes,
            long processCpuNanos,
            long workerCpuNanos) {}

    private final List<String> workerThreadPrefixes;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();

    ProcessSampler(List<String> workerThreadPrefixes) {
        this.workerThreadPrefixes = List.copyOf(workerThreadPrefixes);
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "process-sampler");
                            thread.setDaemon(true);
                            return thread;
                        });
        timer.scheduleAtFixedRate(this::sampleSafely, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** Takes a sample now and returns it. */
    synchronized Sample sample() {
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        Sample sample =
                new Sample(
                        (System.nanoTime() - startNanos) / 1_000_000,
                        heapUsed,
                        afterGc,
                        residentSetBytes(),
                        os.getProcessCpuTime(),
                        workerCpuNanos());
        samples.add(sample);
        return sample;
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A missed sample leaves a gap in the series; the next one still runs.
        }
    }

    private long workerCpuNanos() {
        long total = 0;
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && isWorkerThread(infos[i].getThreadName())) {
                long cpu = threads.getThreadCpuTime(ids[i]);
                total += Math.max(0, cpu);
            }
        }
        return total;
    }

    private boolean isWorkerThread(String name) {
        for (String prefix : workerThreadPrefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static long residentSetBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kilobytes = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return Long.parseLong(kilobytes) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
