package dev.provisioning.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end load harness. It measures the worker's maximum sustained throughput W and its latency
 * at fixed fractions of W. Baselines run in the same run, on the same machine, with the same record
 * sizes and Kafka client settings, and one table shows the ratios and their targets.
 *
 * <p>Run from the repository root on a fresh clone (Maven picks a JDK 21+ itself; redis-server and
 * redis-benchmark must be installed):
 *
 * <pre>
 * ./mvnw -B -Pload -pl benchmarks -am verify -DskipTests                        # estimated 12 min
 * ./mvnw -B -Pload -pl benchmarks -am verify -DskipTests -Dload.args=--quick    # about 5 min
 * </pre>
 *
 * <p>It writes {@code benchmarks/target/load/results.json}, {@code latency.png} and the JFR
 * recording of the W step. By default it starts a KRaft broker inside this JVM and redis-server as
 * a child process, both on 127.0.0.1; {@code --bootstrap-servers} and {@code --redis-url} use
 * running ones instead, and must name loopback addresses. docs/load-harness.md explains each figure
 * and ratio.
 */
@Command(
        name = "load-harness",
        mixinStandardHelpOptions = true,
        description =
                "Measure the worker end to end beside Kafka-only, Redis-only and naive baselines.")
public final class LoadHarness implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller sizes and shorter steps (about 5 minutes).")
    boolean quick;

    @Option(
            names = "--bootstrap-servers",
            description =
                    "Kafka broker on this machine (loopback only); default: start one in-JVM.")
    String bootstrapServers;

    @Option(
            names = "--redis-url",
            description = "redis://127.0.0.1:PORT of a Redis on this machine; default: start one.")
    String redisUrl;

    @Option(
            names = "--out",
            defaultValue = "target/load",
            description = "Directory for results.json, latency.png and the JFR file.")
    Path outputDir;

    @Option(names = "--no-jfr", description = "Skip the JFR recording of the W step.")
    boolean noJfr;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new LoadHarness()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Profile profile = quick ? Profile.QUICK : Profile.FULL;
        Files.createDirectories(outputDir);
        Instant started = Instant.now();
        Map<String, Object> figures;
        ProcessSampler sampler = new ProcessSampler(LoadRun.WORKER_THREADS);
        String serverDescription;
        try (LocalServers servers = LocalServers.startOrConnect(bootstrapServers, redisUrl)) {
            serverDescription = servers.describe();
            figures = new LoadRun(profile, servers, sampler, outputDir, !noJfr).run();
        } finally {
            sampler.close();
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("profile", profile.name());
        results.put("started", started.toString());
        results.put("seconds", Duration.between(started, Instant.now()).toSeconds());
        results.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        results.put("cores", Runtime.getRuntime().availableProcessors());
        results.put("servers", serverDescription);
        results.putAll(figures);
        results.put("memory", MemoryFigures.of(sampler.samples(), figures));
        results.put("samples", sampler.samples());

        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(outputDir.resolve("results.json").toFile(), results);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> curve = (List<Map<String, Object>>) figures.get("workerLatency");
        @SuppressWarnings("unchecked")
        Map<String, Object> reference = (Map<String, Object>) figures.get("B1aLatency");
        LatencyChart.write(
                outputDir.resolve("latency.png"),
                curve,
                reference,
                "Worker end-to-end latency, open loop (" + profile.name() + " run)");

        System.out.println(
                "Load harness, "
                        + profile.name()
                        + " run of "
                        + results.get("seconds")
                        + " s, "
                        + results.get("java")
                        + ", "
                        + results.get("cores")
                        + " cores, "
                        + serverDescription);
        System.out.print(new Report(results).render());
        System.out.println("\nRaw figures: " + outputDir.resolve("results.json"));
        System.out.println("Latency chart: " + outputDir.resolve("latency.png"));
        return 0;
    }
}
