package dev.provisioning.worker.bootstrap;

import dev.provisioning.worker.account.RedisConnector;
import io.lettuce.core.RedisException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code show}: prints one account's tree as stored in Redis. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Prints an account's tree from Redis: billing accounts with kind, currency, balance,",
            "amount owed and credit limit; projects with the billing account they link to; and",
            "every live subproject with its externalRef, labels and usage totals.",
            "Reads REDIS_URL, PROVISIONING_REDIS_CLUSTER and PROVISIONING_REDIS_KEY_PREFIX like",
            "`run`."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the account was printed",
            "1:the account or the externalRef was not found, or Redis failed",
            "2:invalid options or settings"
        })
final class ShowCommand implements Callable<Integer> {
    /** Commands in flight at once: the reads of one account, sent one after another. */
    private static final int REDIS_REQUEST_QUEUE_SIZE = 16;

    private final Map<String, String> environment;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "the accountId")
    String accountId;

    @Option(
            names = "--external-ref",
            paramLabel = "REF",
            description = "print only the live subprojects with this externalRef")
    String externalRef;

    ShowCommand() {
        this(System.getenv());
    }

    /** Creates the command with an environment other than the process's, for tests. */
    ShowCommand(Map<String, String> environment) {
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

        try (RedisConnector redis =
                RedisConnector.connect(settings.redis(), REDIS_REQUEST_QUEUE_SIZE)) {
            AccountTree tree = AccountTree.read(redis.sync(), settings.keyPrefix(), accountId);
            if (tree == null) {
                err.println(
                        "account "
                                + accountId
                                + " not found under key prefix "
                                + settings.keyPrefix()
                                + "; check the accountId, REDIS_URL and"
                                + " PROVISIONING_REDIS_KEY_PREFIX");
                return 1;
            }
            if (externalRef == null) {
                tree.print(out);
            } else if (!tree.printExternalRef(out, externalRef)) {
                err.println(
                        "no live subproject with externalRef "
                                + externalRef
                                + " in account "
                                + accountId);
                return 1;
            }
            out.flush();
            return 0;
        } catch (RedisException e) {
            err.println(
                    "reading account "
                            + accountId
                            + " from Redis at "
                            + String.join(",", settings.redis().hosts())
                            + " failed: "
                            + e.getMessage());
            return 1;
        }
    }
}
