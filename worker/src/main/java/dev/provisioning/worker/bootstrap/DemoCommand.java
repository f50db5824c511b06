package dev.provisioning.worker.bootstrap;

import ch.qos.logback.classic.Level;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.worker.local.LocalKafkaBroker;
import dev.provisioning.worker.local.RedisEndpoint;
import dev.provisioning.worker.provisioning.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: starts a broker, Redis and the worker on this machine, feeds them a sample of ASP
 * traffic and checks that every record got exactly one answer.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a local Kafka broker, Redis (REDIS_URL, or redis-server if installed) and the",
            "worker, sends sample traffic of application service providers (sign-ups, client",
            "onboarding, a second billing account and project, usage in several currencies, and",
            "some wrong requests on purpose), waits for every answer and prints a summary.",
            "HTTP_PORT sets the port of /metrics and /health/ready (default 8080, or a free port",
            "when 8080 is taken)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every record sent got exactly one answer",
            "1:an answer was missing or repeated, the timeout passed, or a part failed to start",
            "2:invalid options or settings"
        })
final class DemoCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

    private static final int DEFAULT_HTTP_PORT = 8080;
    private static final int MAX_ASPS = 100;
    private static final int MAX_CLIENTS = 100_000;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    /** Time to keep reading after the last expected answer, to catch answers sent twice. */
    private static final Duration EXTRA_ANSWER_WINDOW = Duration.ofSeconds(1);

    private final Map<String, String> environment;

    /** Counted down once everything the demo started has stopped, for the Ctrl-C hook. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Spec CommandSpec spec;

    @Option(
            names = "--asps",
            defaultValue = "3",
            description =
                    "application service providers to sign up, 1 to "
                            + MAX_ASPS
                            + " (default: ${DEFAULT-VALUE})")
    int asps;

    @Option(
            names = "--clients",
            defaultValue = "2000",
            description =
                    "clients each ASP onboards, 0 to "
                            + MAX_CLIENTS
                            + " (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(
            names = "--timeout",
            defaultValue = "5m",
            description =
                    "maximum wait for all answers, such as 90s or 5m (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(
            names = "--keep-running",
            description =
                    "after the summary, keep the broker, Redis and worker running until"
                            + " Ctrl-C, so that `results` and `show` can read them")
    boolean keepRunning;

    @Option(names = "--verbose", description = "show the worker's info log lines")
    boolean verbose;

    DemoCommand() {
        this(System.getenv());
    }

    /** Creates the command with an environment other than the process's, for tests. */
    DemoCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Duration maxWait = WorkerSettings.parseDuration(timeout);
        if (asps < 1 || asps > MAX_ASPS || clients < 0 || clients > MAX_CLIENTS) {
            err.printf(
                    "invalid --asps=%d or --clients=%d: expected 1 to %d ASPs and 0 to %d clients%n",
                    asps, clients, MAX_ASPS, MAX_CLIENTS);
            return CommandSettings.INVALID_USAGE;
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
            err.println(
                    "invalid --timeout=\"" + timeout + "\": expected a duration such as 90s or 5m");
            return CommandSettings.INVALID_USAGE;
        }

        Level previousLevel = verbose ? null : ConsoleLogging.showWarningsOnly();
        try {
            return runDemo(maxWait);
        } finally {
            stopped.countDown();
            if (!verbose) {
                ConsoleLogging.restore(previousLevel);
            }
        }
    }

    private int runDemo(Duration maxWait) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("Starting a Kafka broker, Redis and the worker ...");
        out.flush();

        try (LocalKafkaBroker broker = startBroker();
                RedisEndpoint redis = startRedis(err)) {
            if (redis == null) {
                return 1;
            }
            WorkerSettings settings =
                    CommandSettings.loadOrReport(demoEnvironment(broker, redis), Map.of(), err);
            if (settings == null) {
                return CommandSettings.INVALID_USAGE;
            }

            try (WorkerApp worker = WorkerApp.start(settings)) {
                printReady(out, broker, redis, worker);
                String firstAccount = feedAndCheck(settings, maxWait);
                int exitCode = firstAccount == null ? 1 : 0;
                printNextSteps(out, settings, broker, redis, firstAccount);
                if (keepRunning) {
                    awaitInterrupt(out);
                }
                out.println("Stopping the worker, Redis and the Kafka broker ...");
                out.flush();
                return exitCode;
            }
        }
    }

    /**
     * Sends the sample, waits for the answers and prints the summary. Returns the first ASP's
     * accountId when every record got exactly one answer, else null.
     */
    private String feedAndCheck(WorkerSettings settings, Duration maxWait) {
        PrintWriter out = spec.commandLine().getOut();
        String runTag = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
        List<DemoSample.SampleRecord> sample =
                DemoSample.generate(asps, clients, runTag, Instant.now());
        AnswerLedger ledger = new AnswerLedger();
        ResultCodec codec = new ResultCodec();
        Topics topics = settings.topics();

        try (TopicReader reader =
                        TopicReader.open(
                                settings,
                                null,
                                List.of(topics.results(), topics.deadLetters()),
                                TopicReader.Start.END);
                KafkaProducer<byte[], byte[]> producer =
                        CommandSettings.producer(settings, "provisioning-demo")) {
            out.printf(
                    "Sending %,d records for %d ASPs with %,d clients each ...%n",
                    sample.size(), asps, clients);
            out.flush();
            long startNanos = System.nanoTime();
            AtomicInteger sendFailures = new AtomicInteger();
            AtomicReference<Exception> firstSendFailure = new AtomicReference<>();
            for (DemoSample.SampleRecord record : sample) {
                if (record.requestId() == null) {
                    ledger.expectDeadLetter();
                } else {
                    ledger.expectResult(record.requestId());
                }
                producer.send(
                        new ProducerRecord<>(
                                topics.requests(), bytes(record.key()), record.value()),
                        (metadata, failure) -> {
                            if (failure != null) {
                                sendFailures.incrementAndGet();
                                firstSendFailure.compareAndSet(null, failure);
                            }
                        });
            }
            producer.flush();

            long deadlineNanos = startNanos + maxWait.toNanos();
            long lastAnswerNanos = readAnswers(reader, ledger, codec, topics, deadlineNanos);
            long extraUntil = System.nanoTime() + EXTRA_ANSWER_WINDOW.toNanos();
            if (ledger.isComplete()) {
                readAnswers(reader, ledger, codec, topics, extraUntil);
            }

            double elapsedSeconds = (lastAnswerNanos - startNanos) / 1e9;
            if (firstSendFailure.get() != null) {
                log.error(
                        "demo records failed to send count={}",
                        sendFailures.get(),
                        firstSendFailure.get());
            }
            boolean passed =
                    DemoReport.print(out, ledger, sendFailures.get(), elapsedSeconds, maxWait);
            return passed ? DemoSample.accountId(runTag, 1) : null;
        }
    }

    /**
     * Reads results and dead letters until every record has an answer or the deadline passes, and
     * returns the time of the last answer read.
     */
    private static long readAnswers(
            TopicReader reader,
            AnswerLedger ledger,
            ResultCodec codec,
            Topics topics,
            long deadlineNanos) {
        long lastAnswerNanos = System.nanoTime();
        boolean waitForExtraAnswers = ledger.isComplete();
        while (System.nanoTime() < deadlineNanos && (waitForExtraAnswers || !ledger.isComplete())) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL_TIMEOUT)) {
                if (record.topic().equals(topics.deadLetters())) {
                    ledger.recordDeadLetter();
                } else {
                    ledger.recordResult(codec.decode(record.value()));
                }
                lastAnswerNanos = System.nanoTime();
            }
        }
        return lastAnswerNanos;
    }

    private static LocalKafkaBroker startBroker() {
        return LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults().withPartitions(6));
    }

    /** Returns the Redis endpoint, or prints why there is none and returns null. */
    private RedisEndpoint startRedis(PrintWriter err) {
        try {
            return RedisEndpoint.fromEnvironmentOrLocal(environment);
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("The demo needs Redis: " + e.getMessage());
            return null;
        }
    }

    /**
     * Returns the environment for the worker: the process's, pointed at the demo's broker and
     * Redis. Kafka client properties and the settings file are left out, because they are meant for
     * a real cluster and could, for example, switch the plain-text local broker to SASL.
     */
    private Map<String, String> demoEnvironment(LocalKafkaBroker broker, RedisEndpoint redis) {
        Map<String, String> values = new HashMap<>(environment);
        values.keySet().removeIf(name -> name.startsWith(WorkerSettings.KAFKA_CLIENT_PREFIX));
        values.remove(WorkerSettings.CONFIG_FILE.env());
        values.put(WorkerSettings.BOOTSTRAP.env(), broker.bootstrapServers());
        values.put(WorkerSettings.REDIS_URL.env(), redis.uri());
        if (!values.containsKey(WorkerSettings.HTTP_PORT.env())) {
            int port = isFree(DEFAULT_HTTP_PORT) ? DEFAULT_HTTP_PORT : 0;
            values.put(WorkerSettings.HTTP_PORT.env(), Integer.toString(port));
        }
        return values;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void printReady(
            PrintWriter out, LocalKafkaBroker broker, RedisEndpoint redis, WorkerApp worker) {
        String redisSource =
                redis.localRedis().isPresent() ? "started " + redis.uri() : "REDIS_URL";
        out.println("  Kafka broker   " + broker.bootstrapServers());
        out.println("  Redis          " + redisSource);
        out.println("  metrics        http://127.0.0.1:" + worker.httpPort() + "/metrics");
        out.println("  readiness      http://127.0.0.1:" + worker.httpPort() + "/health/ready");
        out.flush();
    }

    private void printNextSteps(
            PrintWriter out,
            WorkerSettings settings,
            LocalKafkaBroker broker,
            RedisEndpoint redis,
            String account) {
        Topics topics = settings.topics();
        String shownAccount = account == null ? "ACCOUNT" : account;
        String redisVariable =
                redis.localRedis().isPresent() ? "REDIS_URL=" + redis.uri() + " " : "";
        out.println();
        out.println("Look further:");
        out.printf(
                "  topics: %s (requests), %s (results), %s (dead letters), %s (changelog)%n",
                topics.requests(), topics.results(), topics.deadLetters(), topics.changelog());
        if (!keepRunning) {
            out.println(
                    "  the broker and Redis stop now; run `demo --keep-running` to keep them up,"
                            + " then in another shell:");
        }
        out.printf(
                "  KAFKA_BOOTSTRAP_SERVERS=%s ./provisioning-worker results --account %s%n",
                broker.bootstrapServers(), shownAccount);
        out.printf("  %s./provisioning-worker show %s%n", redisVariable, shownAccount);
        out.flush();
    }

    private void awaitInterrupt(PrintWriter out) throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    interrupted.countDown();
                                    awaitStopped();
                                },
                                "demo-stop"));
        out.println("Everything keeps running; press Ctrl-C to stop it.");
        out.flush();
        interrupted.await();
    }

    /** Holds JVM exit until the demo has stopped the worker, Redis and the broker. */
    private void awaitStopped() {
        try {
            if (!stopped.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("demo parts did not stop within 60 s; exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Formats a rate for the summary. */
    static String perSecond(long count, double seconds) {
        return seconds <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f", count / seconds);
    }
}
