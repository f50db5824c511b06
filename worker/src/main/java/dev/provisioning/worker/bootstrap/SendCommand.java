package dev.provisioning.worker.bootstrap;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.contracts.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code send}: produces the requests of a file and waits for their results. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {
            "Sends the requests of FILE to the request topic, waits for one result per request",
            "and prints the counts by code and every rejected request with its reason.",
            "FILE is NDJSON (one request object per line), or CSV when its name ends in .csv:",
            "header " + RequestFile.CSV_HEADER + ", labels as key=value;key2=value2,",
            "one subproject.create per row under --account. A CSV row's requestId is derived from",
            "the file name and the row, so sending a file again changes nothing.",
            "Reads KAFKA_BOOTSTRAP_SERVERS, PROVISIONING_*_TOPIC and KAFKA_CLIENT_* like `run`."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every request succeeded",
            "1:a request was rejected, a result is missing after the timeout, or sending failed",
            "2:invalid options, settings or file"
        })
final class SendCommand implements Callable<Integer> {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final int LISTED_REJECTIONS = 50;

    private final Map<String, String> environment;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "NDJSON or .csv file of requests")
    Path file;

    @Option(
            names = "--account",
            paramLabel = "ID",
            description = "accountId of every CSV row (required for CSV, not allowed for NDJSON)")
    String accountId;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description =
                    "Kafka bootstrap servers (default: KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)")
    String bootstrapServers;

    @Option(
            names = "--timeout",
            defaultValue = "5m",
            description =
                    "maximum wait for all results, such as 90s or 5m (default: ${DEFAULT-VALUE})")
    String timeout;

    SendCommand() {
        this(System.getenv());
    }

    /** Creates the command with an environment other than the process's, for tests. */
    SendCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Duration maxWait = WorkerSettings.parseDuration(timeout);
        if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
            err.println(
                    "invalid --timeout=\"" + timeout + "\": expected a duration such as 90s or 5m");
            return CommandSettings.INVALID_USAGE;
        }
        if (RequestFile.isCsv(file) != (accountId != null)) {
            err.println(
                    RequestFile.isCsv(file)
                            ? "missing --account: a CSV file needs the accountId of its rows"
                            : "invalid --account: NDJSON requests name their own accountId;"
                                    + " use --account only with a .csv file");
            return CommandSettings.INVALID_USAGE;
        }
        Map<String, String> overrides = new HashMap<>();
        if (bootstrapServers != null) {
            overrides.put(WorkerSettings.BOOTSTRAP.env(), bootstrapServers);
        }
        WorkerSettings settings = CommandSettings.loadOrReport(environment, overrides, err);
        if (settings == null) {
            return CommandSettings.INVALID_USAGE;
        }

        List<RequestFile.Entry> entries;
        try {
            entries = RequestFile.read(file, accountId, Instant.now());
        } catch (IOException e) {
            err.println("failed to read " + file + ": " + e.getMessage());
            return CommandSettings.INVALID_USAGE;
        } catch (RequestFile.InvalidFileException e) {
            err.println(file + " has lines that are not requests; nothing was sent:");
            e.problems().forEach(problem -> err.println("  " + problem));
            return CommandSettings.INVALID_USAGE;
        }

        try {
            return sendAndAwait(settings, entries, maxWait);
        } catch (TopicReader.MissingTopicException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private int sendAndAwait(
            WorkerSettings settings, List<RequestFile.Entry> entries, Duration maxWait) {
        PrintWriter err = spec.commandLine().getErr();
        AnswerLedger ledger = new AnswerLedger();
        ResultCodec codec = new ResultCodec();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger sendFailures = new AtomicInteger();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();

        // The reader takes the end offsets before the first send, so no result can slip past it.
        try (TopicReader reader =
                        TopicReader.open(
                                settings,
                                "provisioning-send-" + UUID.randomUUID(),
                                List.of(settings.topics().results()),
                                TopicReader.Start.END);
                KafkaProducer<byte[], byte[]> producer =
                        CommandSettings.producer(settings, "provisioning-send")) {
            ProgressBar progress = new ProgressBar(err, "send", entries.size());
            long startNanos = System.nanoTime();
            for (RequestFile.Entry entry : entries) {
                ledger.expectResult(entry.requestId());
                producer.send(
                        new ProducerRecord<>(
                                settings.topics().requests(),
                                entry.accountId().getBytes(StandardCharsets.UTF_8),
                                entry.value()),
                        (metadata, failure) -> {
                            if (failure == null) {
                                acknowledged.incrementAndGet();
                            } else {
                                sendFailures.incrementAndGet();
                                firstFailure.compareAndSet(null, failure);
                            }
                        });
                progress.update(ledger.answersRead(), "answered, " + acknowledged.get() + " sent");
            }
            producer.flush();

            long deadlineNanos = startNanos + maxWait.toNanos();
            while (!ledger.isComplete()
                    && sendFailures.get() == 0
                    && System.nanoTime() < deadlineNanos) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL_TIMEOUT)) {
                    recordResult(ledger, codec, record);
                }
                progress.update(ledger.answersRead(), "answered");
            }
            progress.finish(ledger.answersRead(), "answered");
            double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
            if (firstFailure.get() != null) {
                err.println(
                        sendFailures.get()
                                + " request(s) failed to send, first error: "
                                + firstFailure.get());
            }
            return printSummary(entries, ledger, elapsedSeconds, maxWait, sendFailures.get());
        }
    }

    private void recordResult(
            AnswerLedger ledger, ResultCodec codec, ConsumerRecord<byte[], byte[]> record) {
        try {
            ledger.recordResult(codec.decode(record.value()));
        } catch (IllegalArgumentException e) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "%nskipped a record that is not a result: partition=%d offset=%d (%s)%n",
                            record.partition(), record.offset(), e.getMessage());
        }
    }

    private int printSummary(
            List<RequestFile.Entry> entries,
            AnswerLedger ledger,
            double elapsedSeconds,
            Duration maxWait,
            int sendFailures) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "%d request(s) sent from %s, %d result(s) in %.1f s (%s per second)%n",
                entries.size(),
                file.getFileName(),
                ledger.results().size(),
                elapsedSeconds,
                DemoCommand.perSecond(ledger.results().size(), elapsedSeconds));
        ResultTable.print(out, ledger.results());

        Map<String, String> sources = new HashMap<>();
        entries.forEach(entry -> sources.putIfAbsent(entry.requestId(), entry.source()));
        List<ProvisioningResult> rejected =
                ledger.results().stream()
                        .filter(result -> result.status() == ResultStatus.REJECTED)
                        .toList();
        if (!rejected.isEmpty()) {
            out.println("Rejected:");
            rejected.stream()
                    .limit(LISTED_REJECTIONS)
                    .forEach(result -> out.println("  " + describe(sources, result)));
            if (rejected.size() > LISTED_REJECTIONS) {
                out.printf("  ... and %d more%n", rejected.size() - LISTED_REJECTIONS);
            }
        }
        if (!ledger.isComplete()) {
            out.printf(
                    "Timed out after %s: no result yet for %s%n",
                    maxWait, ledger.unansweredRequestIds(20));
        }
        out.flush();
        boolean failed = !rejected.isEmpty() || !ledger.isComplete() || sendFailures > 0;
        return failed ? 1 : 0;
    }

    private static String describe(Map<String, String> sources, ProvisioningResult result) {
        StringBuilder line =
                new StringBuilder()
                        .append(sources.get(result.requestId()))
                        .append(" requestId=")
                        .append(result.requestId())
                        .append(": ")
                        .append(result.code());
        if (result.reason() != null && !result.reason().isEmpty()) {
            line.append('/').append(result.reason());
        }
        if (result.violations().isEmpty()) {
            line.append(' ').append(result.message());
        }
        for (Violation violation : result.violations()) {
            line.append(' ').append(violation.field()).append(' ').append(violation.description());
        }
        return line.toString();
    }
}
