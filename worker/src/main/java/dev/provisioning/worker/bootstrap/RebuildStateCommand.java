package dev.provisioning.worker.bootstrap;

import dev.provisioning.worker.account.StateRebuilder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rebuild-state}: rebuilds Redis from the changelog and result topics. */
@Command(
        name = "rebuild-state",
        mixinStandardHelpOptions = true,
        description = {
            "Rebuilds every account's Redis state from Kafka: entities, indexes and money from the",
            "changelog topic read to its end, and idempotency records and usageIds from the result",
            "topic within PROVISIONING_REQUEST_RETENTION. Configured like `run`. Stop the workers",
            "first: a request applied while this runs may be overwritten. A worker also rebuilds",
            "by itself at start when Redis holds no account key (PROVISIONING_REBUILD_ON_EMPTY)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the state was rebuilt, or was already there without --force",
            "1:Kafka or Redis failed",
            "2:invalid options or settings"
        })
final class RebuildStateCommand implements Callable<Integer> {
    private final Map<String, String> environment;

    @Spec CommandSpec spec;

    @Option(
            names = "--force",
            description =
                    "rebuild even when Redis already holds account keys under the prefix; the keys"
                            + " of each account found in the changelog are replaced")
    boolean force;

    RebuildStateCommand() {
        this(System.getenv());
    }

    /** Creates the command with an environment other than the process's, for tests. */
    RebuildStateCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WorkerSettings settings = CommandSettings.loadOrReport(environment, Map.of(), err);
        if (settings == null) {
            return CommandSettings.INVALID_USAGE;
        }

        Map<String, Object> kafka = new HashMap<>(settings.kafkaClientProperties());
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        StateRebuilder rebuilder =
                new StateRebuilder(
                        kafka,
                        settings.topics().changelog(),
                        settings.topics().results(),
                        settings.keyPrefix(),
                        settings.limits().requestRetention(),
                        Clock.systemUTC());
        RedisClient client = RedisClient.create(settings.redisUri().toString());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setTimeout(settings.redisCommandTimeout());
            if (!force && rebuilder.hasAccountState(connection.sync())) {
                out.println(
                        "Redis already holds account keys under prefix "
                                + settings.keyPrefix()
                                + "; nothing rebuilt (use --force to replace them)");
                out.flush();
                return 0;
            }
            StateRebuilder.Summary summary = rebuilder.rebuild(connection.sync());
            out.printf(
                    "rebuilt %d account(s), %d entities and %d idempotency record(s) in %d ms%n",
                    summary.accounts(),
                    summary.entities(),
                    summary.requests(),
                    summary.durationMillis());
            out.flush();
            return 0;
        } catch (RedisException | KafkaException | IllegalStateException e) {
            err.println("rebuilding the state failed: " + e.getMessage());
            return 1;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
