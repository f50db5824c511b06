package dev.provisioning.worker.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.provisioning.TestRequests;
import dev.provisioning.worker.provisioning.WorkerHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The send command against a running worker, with a CSV file as an ASP would upload it. */
class SendCommandIT {
    private static final String ACCOUNT = "asp-send";
    private static final int CLIENTS = 20;
    private static final int INVALID_ROW = 13;

    @TempDir Path directory;

    private WorkerHarness harness;

    @BeforeEach
    void startWorker() throws Exception {
        harness = new WorkerHarness().startWorker();
        harness.send(ACCOUNT, TestRequests.signUp("signup", ACCOUNT, "PREPAID", "EUR"));
        harness.flush();
        harness.awaitResults(1, Duration.ofSeconds(30));
    }

    @AfterEach
    void stopWorker() throws Exception {
        harness.close();
    }

    @Test
    void csvWithInvalidName_exitsOneAndCountsByCode() throws Exception {
        Path file = writeClients();

        Run run = send(file);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("SUCCEEDED\\s+OK\\s+-\\s+19\\b");
        assertThat(run.out()).containsPattern("REJECTED\\s+INVALID_ARGUMENT\\s+\\S+\\s+1\\b");
        assertThat(run.out()).contains("row " + (INVALID_ROW + 1) + " requestId=csv-" + ACCOUNT);
        assertThat(run.out()).contains("payload.displayName");
        assertThat(subprojectCount()).isEqualTo(CLIENTS - 1);
    }

    @Test
    void sameFileTwice_sameResultsNoNewSubprojects() throws Exception {
        Path file = writeClients();

        Run first = send(file);
        Run second = send(file);

        assertThat(second.exitCode()).isEqualTo(first.exitCode());
        assertThat(table(second.out())).isEqualTo(table(first.out()));
        assertThat(rejections(second.out())).isEqualTo(rejections(first.out()));
        assertThat(subprojectCount()).isEqualTo(CLIENTS - 1);
    }

    @Test
    void csvWithoutAccount_invalidUsage() throws Exception {
        Run run = send(writeClients(), new String[0]);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("missing --account");
    }

    private Path writeClients() throws Exception {
        String parent = EntityIds.project(ACCOUNT, "signup");
        List<String> lines = new ArrayList<>();
        lines.add(RequestFile.CSV_HEADER);
        for (int client = 0; client < CLIENTS; client++) {
            String name = client == INVALID_ROW ? "   " : "\"Client " + client + ", Ltd\"";
            lines.add(parent + "," + name + ",client-" + client + ",tier=gold;region=eu-west");
        }
        return Files.write(directory.resolve("clients.csv"), lines);
    }

    private Run send(Path file) {
        return send(file, new String[] {"--account", ACCOUNT});
    }

    private Run send(Path file, String[] options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of(file.toString(), "--timeout", "30s"));
        args.addAll(List.of(options));
        int exitCode =
                new CommandLine(new SendCommand(harness.environment()))
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true))
                        .execute(args.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private long subprojectCount() {
        return harness.redis.sync().zcard(harness.key(ACCOUNT, "subprojects"));
    }

    private static List<String> table(String out) {
        return out.lines().filter(line -> line.matches("\\s+(SUCCEEDED|REJECTED)\\s.*")).toList();
    }

    private static List<String> rejections(String out) {
        return out.lines().filter(line -> line.strip().startsWith("row ")).toList();
    }

    private record Run(int exitCode, String out, String err) {}
}
