package dev.provisioning.benchmarks.load;

import dev.provisioning.worker.bootstrap.WorkerApp;
import dev.provisioning.worker.bootstrap.WorkerSettings;
import dev.provisioning.worker.provisioning.Topics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every step of one load run in order, on the calling thread, and returns the figures: the
 * worker's maximum throughput W and its latency at fixed fractions of W, the baselines B1a, B1b, B2
 * and B5, the key-order comparison on one partition and the single-account burst.
 */
final class LoadRun {
    private static final Logger log = LoggerFactory.getLogger(LoadRun.class);
    static final double[] LOAD_FRACTIONS = {0.25, 0.50, 0.75, 0.90};
    private static final int PARTITIONS = 6;
    private static final int READER_CAPACITY = 3_000_000;
    private static final String WORKER_CLIENT_ID = "load-worker";

    /** Thread-name prefixes of the worker's threads, for its share of CPU time. */
    static final List<String> WORKER_THREADS =
            List.of(
                    "vert.x-eventloop-thread",
                    "request-poll-loop",
                    "record-sender",
                    "record-resender",
                    "lettuce-",
                    "kafka-producer-network-thread | " + WORKER_CLIENT_ID);

    private final Profile profile;
    private final LocalServers servers;
    private final ClientSettings clients;
    private final ProcessSampler sampler;
    private final Path outputDir;
    private final boolean recordJfr;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String keyPrefix = "load-" + tag;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final Workload workload;

    LoadRun(
            Profile profile,
            LocalServers servers,
            ProcessSampler sampler,
            Path outputDir,
            boolean recordJfr) {
        this.profile = profile;
        this.servers = servers;
        this.clients = new ClientSettings(servers.bootstrapServers());
        this.sampler = sampler;
        this.outputDir = outputDir;
        this.recordJfr = recordJfr;
        this.workload = new Workload("a", profile.accounts(), 1.0, 42, 0);
    }

    Map<String, Object> run() throws Exception {
        RedisClient redisClient = RedisClient.create(servers.redisUri().toString());
        try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            double w = measureWorker(redis);
            measurePassThroughs(w);
            measureNaive();
            measureKeyOrder();
        } finally {
            redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        return figures;
    }

    /** Setup, warm-up, W, the latency curve, the burst and B2, all on one worker. */
    private double measureWorker(StatefulRedisConnection<String, String> redis) throws Exception {
        Topics topics = topics("main", PARTITIONS);
        try (WorkerApp worker = startWorker(topics, PARTITIONS);
                ResultReader reader =
                        new ResultReader(clients, topics.results(), 0, READER_CAPACITY);
                LoadDriver driver =
                        new LoadDriver(
                                clients, topics.requests(), reader, profile.drainTimeout())) {
            Iterator<Request> setup = workload.setup().iterator();
            figures.put("setup", Summary.of(driver.burst("setup", setup, 0), null));
            driver.closedLoop(
                    "warm-up", workload::next, profile.window(), Duration.ZERO, profile.warmUp());

            CommandStats statsBefore = CommandStats.parse(redis.sync().info("commandstats"));
            ProcessSampler.Sample cpuBefore = sampler.sample();
            HotMethods jfr = recordJfr ? HotMethods.start() : null;
            Phase phase =
                    driver.closedLoop(
                            "W",
                            workload::next,
                            profile.window(),
                            Duration.ofSeconds(2),
                            profile.measure());
            ProcessSampler.Sample cpuAfter = sampler.sample();
            CommandStats statsAfter = CommandStats.parse(redis.sync().info("commandstats"));
            double w = phase.receivedInWindow() / seconds(profile.measure());
            figures.put("W", Summary.of(phase, w));
            figures.put("redis", redisFigures(statsAfter.since(statsBefore), phase.received.get()));
            figures.put("cpu", cpuFigures(cpuBefore, cpuAfter, phase.received.get()));
            if (jfr != null) {
                Path file = outputDir.resolve("worker-w.jfr");
                jfr.stopAndDump(file);
                figures.put(
                        "hotMethods",
                        HotMethods.top(file, LoadRun::isWorkerThread, "dev.provisioning", 12));
            }

            List<Map<String, Object>> curve = new ArrayList<>();
            for (double fraction : LOAD_FRACTIONS) {
                Phase point =
                        driver.openLoop(
                                "worker@" + fraction,
                                workload::next,
                                fraction * w,
                                profile.latencyPoint());
                Map<String, Object> summary = Summary.of(point, fraction * w);
                summary.put("fractionOfW", fraction);
                curve.add(summary);
            }
            figures.put("workerLatency", curve);

            figures.put("burst", measureBurst(driver, w));
            figures.put("B2", measureRedisBenchmark(redis));
            return w;
        }
    }

    private Map<String, Object> measureBurst(LoadDriver driver, double w) {
        Workload.Account asp = workload.newAsp("asp-burst-" + tag);
        Request signUp = workload.signUp(asp);
        driver.burst("burst-sign-up", List.of(signUp).iterator(), signUp.sequence());
        long first = workload.nextSequence();
        Iterator<Request> clients =
                new Iterator<>() {
                    private int created;

                    @Override
                    public boolean hasNext() {
                        return created < profile.burstClients();
                    }

                    @Override
                    public Request next() {
                        created++;
                        return workload.subprojectCreate(asp);
                    }
                };
        long start = System.nanoTime();
        Phase phase = driver.burst("burst", clients, first);
        double elapsed = (phase.lastReceiveNanos() - start) / 1e9;
        double rate = phase.received.get() / elapsed;
        Map<String, Object> summary = Summary.of(phase, rate);
        summary.put("clients", profile.burstClients());
        summary.put("seconds", elapsed);
        summary.put("ratioToW", rate / w);
        return summary;
    }

    private Map<String, Object> measureRedisBenchmark(StatefulRedisConnection<String, String> redis)
            throws Exception {
        CommandStats before = CommandStats.parse(redis.sync().info("commandstats"));
        RedisBenchmarkRun.Outcome outcome =
                RedisBenchmarkRun.run(
                        redis.sync(),
                        servers.redisUri().getPort(),
                        keyPrefix,
                        workload.hottestAccount(),
                        profile.redisBenchmarkRequests(),
                        8,
                        16,
                        Duration.ofMinutes(3));
        Map<String, Long> delta =
                CommandStats.parse(redis.sync().info("commandstats")).since(before);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("opsPerSecond", outcome.opsPerSecond());
        summary.put("p50Millis", outcome.p50Millis());
        summary.put("p99Millis", outcome.p99Millis());
        summary.put("requests", outcome.requests());
        summary.put("charged", outcome.charged());
        summary.put("evalshaCalls", delta.getOrDefault("evalsha", 0L));
        summary.put("clients", 8);
        summary.put("pipeline", 16);
        summary.put("command", outcome.command());
        return summary;
    }

    /** B1a and B1b on their own topics; their workload touches no Redis state. */
    private void measurePassThroughs(double w) throws Exception {
        Workload passWorkload = new Workload("p", profile.accounts(), 1.0, 7, 0);
        passWorkload.setup();
        for (PassThrough.Mode mode : PassThrough.Mode.values()) {
            String label = mode == PassThrough.Mode.COPY ? "B1a" : "B1b";
            Topics topics = topics(label, PARTITIONS);
            createTopics(topics, PARTITIONS);
            long first = passWorkload.nextSequence();
            try (PassThrough ignored =
                            new PassThrough(clients, topics.requests(), topics.results(), mode);
                    ResultReader reader =
                            new ResultReader(clients, topics.results(), first, READER_CAPACITY);
                    LoadDriver driver =
                            new LoadDriver(
                                    clients, topics.requests(), reader, profile.drainTimeout())) {
                Phase phase =
                        driver.closedLoop(
                                label,
                                passWorkload::next,
                                profile.window(),
                                profile.warmUp(),
                                profile.measure());
                figures.put(
                        label,
                        Summary.of(phase, phase.receivedInWindow() / seconds(profile.measure())));
                Phase half =
                        driver.openLoop(
                                label + "@0.5",
                                passWorkload::next,
                                0.5 * w,
                                profile.latencyPoint());
                figures.put(label + "Latency", Summary.of(half, 0.5 * w));
            }
        }
    }

    /** B5: the one-at-a-time worker with synchronous Redis calls and sends, on 6 partitions. */
    private void measureNaive() throws Exception {
        figures.put("B5", measureNaive("B5", PARTITIONS, NaiveWorker.Mode.SYNC_SEND));
    }

    /** Measures the worker's per-key lanes against a partition-serial loop on one partition. */
    private void measureKeyOrder() throws Exception {
        Topics topics = topics("key-ordered", 1);
        long first = workload.nextSequence();
        try (WorkerApp worker = startWorker(topics, 1);
                ResultReader reader =
                        new ResultReader(clients, topics.results(), first, READER_CAPACITY);
                LoadDriver driver =
                        new LoadDriver(
                                clients, topics.requests(), reader, profile.drainTimeout())) {
            Phase phase =
                    driver.closedLoop(
                            "key-ordered",
                            workload::next,
                            profile.window(),
                            profile.warmUp(),
                            profile.measure());
            figures.put(
                    "keyOrdered",
                    Summary.of(phase, phase.receivedInWindow() / seconds(profile.measure())));
        }
        figures.put(
                "partitionSerial",
                measureNaive("partition-serial", 1, NaiveWorker.Mode.ASYNC_SEND));
    }

    private Map<String, Object> measureNaive(String label, int partitions, NaiveWorker.Mode mode)
            throws Exception {
        Topics topics = topics(label, partitions);
        createTopics(topics, partitions);
        long first = workload.nextSequence();
        try (NaiveWorker ignored =
                        new NaiveWorker(
                                clients,
                                servers.redisUri().toString(),
                                keyPrefix,
                                topics.requests(),
                                topics.results(),
                                topics.changelog(),
                                mode);
                ResultReader reader =
                        new ResultReader(clients, topics.results(), first, READER_CAPACITY);
                LoadDriver driver =
                        new LoadDriver(
                                clients, topics.requests(), reader, profile.drainTimeout())) {
            Phase phase =
                    driver.closedLoop(
                            label,
                            workload::next,
                            profile.window(),
                            Duration.ofSeconds(3),
                            profile.measure());
            return Summary.of(phase, phase.receivedInWindow() / seconds(profile.measure()));
        }
    }

    private WorkerApp startWorker(Topics topics, int partitions) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", servers.bootstrapServers());
        environment.put("REDIS_URL", servers.redisUri().toString());
        environment.put("HTTP_PORT", "0");
        environment.put("PROVISIONING_GROUP_ID", "worker-" + topics.requests());
        environment.put("PROVISIONING_REQUESTS_TOPIC", topics.requests());
        environment.put("PROVISIONING_RESULTS_TOPIC", topics.results());
        environment.put("PROVISIONING_DLQ_TOPIC", topics.deadLetters());
        environment.put("PROVISIONING_CHANGELOG_TOPIC", topics.changelog());
        environment.put("PROVISIONING_TOPIC_PARTITIONS", Integer.toString(partitions));
        environment.put("PROVISIONING_REDIS_KEY_PREFIX", keyPrefix);
        environment.put("KAFKA_CLIENT_CLIENT_ID", WORKER_CLIENT_ID);
        return WorkerApp.start(WorkerSettings.load(environment));
    }

    private Topics topics(String scenario, int partitions) {
        String suffix = scenario + "-" + partitions + "p-" + tag;
        return new Topics(
                "requests-" + suffix, "results-" + suffix, "dlq-" + suffix, "changelog-" + suffix);
    }

    private void createTopics(Topics topics, int partitions) throws Exception {
        Map<String, Object> config =
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(topics.requests(), partitions, (short) 1),
                                    new NewTopic(topics.results(), partitions, (short) 1),
                                    new NewTopic(topics.changelog(), partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, List.of(topics.requests(), topics.results(), topics.changelog()));
        }
    }

    /**
     * Waits (at most 30 s) until the broker reports a leader for every partition. With Kafka 4.4.0
     * and the in-JVM broker, records sent to a topic before its leaders were known came back with
     * NOT_LEADER_OR_FOLLOWER and then OUT_OF_ORDER_SEQUENCE_NUMBER, which the idempotent producer
     * retried without end.
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean ready =
                    admin
                            .describeTopics(names)
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .values()
                            .stream()
                            .flatMap(topic -> topic.partitions().stream())
                            .allMatch(partition -> partition.leader() != null);
            if (ready) {
                Thread.sleep(500);
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topics " + names + " have no leader after 30 s");
    }

    private static Map<String, Object> redisFigures(Map<String, Long> delta, long requests) {
        Map<String, Object> redis = new LinkedHashMap<>();
        redis.put("requests", requests);
        redis.put("evalshaPerRequest", delta.getOrDefault("evalsha", 0L) / (double) requests);
        redis.put("clientCallsPerRequest", CommandStats.roundTrips(delta) / (double) requests);
        redis.put("serverCommandsPerRequest", CommandStats.total(delta) / (double) requests);
        redis.put("commandCalls", delta);
        return redis;
    }

    private static Map<String, Object> cpuFigures(
            ProcessSampler.Sample before, ProcessSampler.Sample after, long requests) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        double seconds = (after.elapsedMillis() - before.elapsedMillis()) / 1000.0;
        long workerNanos = after.workerCpuNanos() - before.workerCpuNanos();
        long processNanos = after.processCpuNanos() - before.processCpuNanos();
        cpu.put("seconds", seconds);
        cpu.put("workerThreadsCores", workerNanos / 1e9 / seconds);
        cpu.put("processCores", processNanos / 1e9 / seconds);
        cpu.put("workerMicrosPerRequest", workerNanos / 1e3 / requests);
        cpu.put("processMicrosPerRequest", processNanos / 1e3 / requests);
        cpu.put("rssAtWStartMb", before.rssBytes() / (1024.0 * 1024.0));
        return cpu;
    }

    static boolean isWorkerThread(String name) {
        return WORKER_THREADS.stream().anyMatch(name::startsWith);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
