package dev.provisioning.worker.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.worker.local.SharedInfrastructure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo command in this JVM with small numbers, on its own broker and the shared Redis. */
class DemoIT {
    private static final int ASPS = 2;
    private static final int CLIENTS = 100;

    @Test
    void demo_everyRequestAnsweredOnce() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment =
                Map.of("REDIS_URL", SharedInfrastructure.redis().uri(), "HTTP_PORT", "0");
        int records = DemoSample.generate(ASPS, CLIENTS, "test", Instant.now()).size();

        int exitCode =
                new CommandLine(new DemoCommand(environment))
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true))
                        .execute(
                                "--asps", "" + ASPS, "--clients", "" + CLIENTS, "--timeout", "60s");

        String summary = out.toString();
        assertThat(exitCode).as(summary + err).isEqualTo(0);
        assertThat(summary).contains("requests sent      " + records + " records");
        assertThat(summary).contains("(" + (records - 3) + " results, 3 dead-letter records)");
        assertThat(summary)
                .containsPattern("ALREADY_EXISTS\\s+EXTERNAL_REF_TAKEN\\s+" + ASPS + "\\b");
        assertThat(summary).containsPattern("INVALID_ARGUMENT\\s+\\S+\\s+" + ASPS + "\\b");
        assertThat(summary).contains("dead-letter records 3 (expected 3)");
        assertThat(summary).contains("every request answered exactly once: yes");
    }
}
