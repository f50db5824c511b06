package dev.provisioning.worker.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.provisioning.TestRequests;
import dev.provisioning.worker.provisioning.WorkerHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The show command on an account that signed up, onboarded two clients and recorded usage. */
class ShowCommandIT {
    private static final String ACCOUNT = "asp-show";

    private static WorkerHarness harness;
    private static String subprojectA;
    private static String subprojectB;

    @BeforeAll
    static void provisionAccount() throws Exception {
        harness = new WorkerHarness().startWorker();
        String parent = EntityIds.project(ACCOUNT, "signup");
        String billing = EntityIds.billingAccount(ACCOUNT, "signup");
        subprojectA = EntityIds.subproject(ACCOUNT, "onboard-a");
        subprojectB = EntityIds.subproject(ACCOUNT, "onboard-b");
        harness.send(ACCOUNT, TestRequests.signUp("signup", ACCOUNT, "PREPAID", "EUR"));
        harness.send(ACCOUNT, TestRequests.credit("credit", ACCOUNT, billing, "10.00", "EUR"));
        harness.send(
                ACCOUNT,
                TestRequests.subprojectCreate("onboard-a", ACCOUNT, parent, "Client A", "ref-a"));
        harness.send(
                ACCOUNT,
                TestRequests.subprojectCreate("onboard-b", ACCOUNT, parent, "Client B", "ref-b"));
        harness.send(ACCOUNT, TestRequests.usage("usage-1", ACCOUNT, subprojectA, "1.25", "EUR"));
        harness.flush();
        harness.awaitResults(5, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopWorker() throws Exception {
        harness.close();
    }

    @Test
    void show_printsSubprojectsAndBalances() {
        Run run = show(ACCOUNT);

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains("PREPAID EUR balance 8.75 owed 0.00");
        assertThat(run.out()).contains(subprojectA + " \"Client A\" externalRef ref-a");
        assertThat(run.out()).contains(subprojectB + " \"Client B\" externalRef ref-b");
        assertThat(run.out()).contains("usage EUR 1.25 (1 usage records, quantity 1)");
        assertThat(run.out()).contains("2 subproject(s)");
    }

    @Test
    void externalRef_printsOnlyThatSubproject() {
        Run run = show(ACCOUNT, "--external-ref", "ref-b");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains(subprojectB);
        assertThat(run.out()).doesNotContain(subprojectA);
    }

    @Test
    void unknownAccount_exitsOne() {
        Run run = show("asp-nobody");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("account asp-nobody not found");
    }

    private static Run show(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode =
                new CommandLine(new ShowCommand(harness.environment()))
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true))
                        .execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {}
}
