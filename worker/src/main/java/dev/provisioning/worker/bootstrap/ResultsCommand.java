package dev.provisioning.worker.bootstrap;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCodec;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code results}: prints the result topic, one readable line per result. */
@Command(
        name = "results",
        mixinStandardHelpOptions = true,
        description = {
            "Prints one line per result: time, account, requestId, type, status, code, reason",
            "and the start of the message. Without --follow it prints every stored result and",
            "exits. With --follow it prints new results until Ctrl-C, and with --from-beginning",
            "it first prints the stored ones. Reads KAFKA_BOOTSTRAP_SERVERS and",
            "PROVISIONING_RESULTS_TOPIC like `run`."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the results were printed",
            "1:the result topic was not found or reading failed",
            "2:invalid options or settings"
        })
final class ResultsCommand implements Callable<Integer> {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final int MESSAGE_CHARS = 60;
    private static final String LINE_FORMAT = "%-24s %-24s %-36s %-28s %-9s %-19s %-24s %s%n";

    private final Map<String, String> environment;

    @Spec CommandSpec spec;

    @Option(names = "--follow", description = "keep printing new results until Ctrl-C")
    boolean follow;

    @Option(
            names = "--account",
            paramLabel = "ID",
            description = "print only this account's results")
    String accountId;

    @Option(
            names = "--from-beginning",
            description = "with --follow, print the stored results first")
    boolean fromBeginning;

    ResultsCommand() {
        this(System.getenv());
    }

    /** Creates the command with an environment other than the process's, for tests. */
    ResultsCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WorkerSettings settings = CommandSettings.loadOrReport(environment, Map.of(), err);
        if (settings == null) {
            return CommandSettings.INVALID_USAGE;
        }

        TopicReader.Start start =
                follow && !fromBeginning ? TopicReader.Start.END : TopicReader.Start.BEGINNING;
        TopicReader reader;
        try {
            reader = TopicReader.open(settings, null, List.of(settings.topics().results()), start);
        } catch (TopicReader.MissingTopicException e) {
            err.println(e.getMessage());
            return 1;
        }

        out.printf(
                LINE_FORMAT,
                "time",
                "account",
                "requestId",
                "type",
                "status",
                "code",
                "reason",
                "message");
        CountDownLatch closed = new CountDownLatch(1);
        if (follow) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> stopReading(reader, closed), "results-stop"));
        }
        try {
            printUntilDone(reader, out, err);
        } catch (WakeupException e) {
            // Ctrl-C while following: the shutdown hook woke the reader.
        } finally {
            reader.close();
            out.flush();
            closed.countDown();
        }
        return 0;
    }

    private void printUntilDone(TopicReader reader, PrintWriter out, PrintWriter err) {
        ResultCodec codec = new ResultCodec();
        while (follow || !reader.reachedEndOffsetsAtOpen()) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL_TIMEOUT)) {
                print(codec, record, out, err);
            }
            out.flush();
        }
    }

    private void print(
            ResultCodec codec,
            ConsumerRecord<byte[], byte[]> record,
            PrintWriter out,
            PrintWriter err) {
        ProvisioningResult result;
        try {
            result = codec.decode(record.value());
        } catch (IllegalArgumentException e) {
            err.printf(
                    "skipped a record that is not a result: partition=%d offset=%d (%s)%n",
                    record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (accountId != null && !accountId.equals(result.accountId())) {
            return;
        }
        out.printf(
                LINE_FORMAT,
                result.processedAt() == null
                        ? "-"
                        : result.processedAt().truncatedTo(ChronoUnit.MILLIS).toString(),
                result.accountId(),
                result.requestId(),
                result.type(),
                result.status(),
                result.code(),
                result.reason() == null || result.reason().isEmpty() ? "-" : result.reason(),
                shorten(result.message()));
    }

    private static String shorten(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MESSAGE_CHARS
                ? message
                : message.substring(0, MESSAGE_CHARS - 3) + "...";
    }

    /** Wakes the reader on Ctrl-C and delays JVM exit until the reader has closed. */
    private static void stopReading(TopicReader reader, CountDownLatch closed) {
        reader.wakeup();
        try {
            closed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
