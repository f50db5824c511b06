package dev.provisioning.worker.provisioning;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged worker jar running as a child process, so tests can send it SIGTERM or SIGKILL as an
 * orchestrator would. Its output goes to a log file the test can read.
 */
final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -jar provisioning-worker.jar ARGS} with the given environment. */
    static WorkerProcess start(Map<String, String> environment, String... args) throws IOException {
        String jar = System.getProperty("provisioning.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException(
                    "provisioning.jar system property must name the packaged jar; run with failsafe");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        Path log = Files.createTempFile("worker-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new WorkerProcess(builder.start(), log);
    }

    /** Waits until the worker logs that it consumes, i.e. partitions were assigned. */
    WorkerProcess awaitConsuming(Duration timeout) throws IOException {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> output().contains("partitions assigned") || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("worker exited early:\n" + output());
        }
        return this;
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM, as an orchestrator stopping the worker would. */
    void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL: the worker gets no chance to drain or commit. */
    void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to exit and returns its status, or -1 on timeout. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
