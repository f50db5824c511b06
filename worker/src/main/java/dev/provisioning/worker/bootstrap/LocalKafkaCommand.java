package dev.provisioning.worker.bootstrap;

import dev.provisioning.worker.local.LocalKafkaBroker;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code local-kafka}: a single-node KRaft broker on 127.0.0.1 in the foreground. */
@Command(
        name = "local-kafka",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a single-node Kafka broker (KRaft, broker and controller in one process) on",
            "127.0.0.1 in the foreground, for trying producers and the worker locally.",
            "Prints one line when the broker is ready; Ctrl-C or SIGTERM stops it."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the broker ran and stopped cleanly",
            "1:the broker failed to start or to stop",
            "2:invalid options"
        })
final class LocalKafkaCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(LocalKafkaCommand.class);

    @Spec CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "9092",
            description =
                    "TCP port of the client listener on 127.0.0.1; 0 picks a free one"
                            + " (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "directory for topics and committed offsets, kept between runs"
                            + " (default: a temporary directory deleted at exit)")
    Path dataDir;

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description =
                    "partitions of a topic created without a count (default: ${DEFAULT-VALUE})")
    int partitions;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalKafkaBroker.Settings settings;
        try {
            settings = new LocalKafkaBroker.Settings(port, dataDir, partitions, Map.of());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return CommandSettings.INVALID_USAGE;
        }

        ConsoleLogging.showWarningsOnly();
        LocalKafkaBroker broker;
        try {
            broker = LocalKafkaBroker.start(settings);
        } catch (IllegalStateException | UncheckedIOException e) {
            err.println("Kafka broker failed to start: " + e.getMessage());
            return 1;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> stop(broker, stopped), "local-kafka-stop"));
        String data =
                dataDir == null
                        ? broker.dataDir() + ", deleted at exit"
                        : broker.dataDir().toAbsolutePath().toString();
        out.println(
                "Kafka broker ready at "
                        + broker.bootstrapServers()
                        + " (data in "
                        + data
                        + "); Ctrl-C stops it");
        out.flush();
        stopped.await();
        return 0;
    }

    private static void stop(LocalKafkaBroker broker, CountDownLatch stopped) {
        int status = 0;
        try {
            broker.close();
        } catch (RuntimeException e) {
            log.error(
                    "Kafka broker did not stop cleanly bootstrapServers={}",
                    broker.bootstrapServers(),
                    e);
            status = 1;
        }
        stopped.countDown();
        // halt, because exit() inside a shutdown hook blocks, and a JVM stopped by SIGTERM would
        // otherwise exit with status 143.
        Runtime.getRuntime().halt(status);
    }
}
