package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.local.LocalRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker against a Redis that requires a password: it works with the password in
 * REDIS_URL, never prints the password, and fails to start with a plain message without it.
 */
class RedisAuthIT {
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final Pattern HTTP_PORT = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)");

    private static LocalRedis redis;

    private WorkerHarness harness;

    @BeforeAll
    static void startRedis() {
        assumeTrue(LocalRedis.isInstalled(), "redis-server is not installed");
        redis = LocalRedis.start(List.of("--requirepass", PASSWORD));
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void run_passwordInRedisUrl_answersAndNeverPrintsPassword() throws Exception {
        harness = new WorkerHarness().set("REDIS_URL", redisUrl(PASSWORD));

        try (WorkerProcess worker = WorkerProcess.start(harness.environment(), "run")) {
            worker.awaitConsuming(Duration.ofSeconds(60));
            harness.startReading();
            harness.send("acc-auth", TestRequests.signUp("auth-1", "acc-auth", "PREPAID", "EUR"));
            String projectId = EntityIds.project("acc-auth", "auth-1");
            harness.send(
                    "acc-auth",
                    TestRequests.subprojectCreate(
                            "auth-2", "acc-auth", projectId, "Client", "client-1"));
            harness.flush();
            List<ConsumerRecord<byte[], byte[]>> records =
                    harness.awaitResults(2, Duration.ofSeconds(30));
            String metrics = metrics(worker.output());
            String output = worker.output();

            List<ProvisioningResult> results = records.stream().map(harness::decode).toList();
            assertThat(results)
                    .extracting(ProvisioningResult::requestId)
                    .containsExactly("auth-1", "auth-2");
            assertThat(results)
                    .extracting(ProvisioningResult::status)
                    .containsOnly(ResultStatus.SUCCEEDED);
            assertThat(output).contains("worker starting settings=");
            assertThat(output).doesNotContain(PASSWORD);
            assertThat(metrics).contains("provisioning_");
            assertThat(metrics).doesNotContain(PASSWORD);
        }
    }

    @Test
    void run_wrongPassword_exitsOneNamingRedisNotPassword() throws Exception {
        String wrongPassword = "wrong-" + UUID.randomUUID();
        harness = new WorkerHarness().set("REDIS_URL", redisUrl(wrongPassword));

        try (WorkerProcess worker = WorkerProcess.start(harness.environment(), "run")) {
            int status = worker.awaitExit(Duration.ofSeconds(60));
            String output = worker.output();

            assertThat(status).as(output).isEqualTo(1);
            assertThat(output).contains("cannot connect to Redis at 127.0.0.1:" + redis.port());
            assertThat(output).contains("authentication rejected");
            assertThat(output).doesNotContain(wrongPassword);
            assertThat(output).doesNotContain(PASSWORD);
        }
    }

    private static String redisUrl(String password) {
        return "redis://:" + password + "@127.0.0.1:" + redis.port();
    }

    /** Reads /metrics from the port that {@code run} prints once it is up. */
    private static String metrics(String output) throws Exception {
        Matcher matcher = HTTP_PORT.matcher(output);
        assertThat(matcher.find()).as("HTTP address in output:%n%s", output).isTrue();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request =
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + matcher.group(1) + "/metrics"))
                            .timeout(Duration.ofSeconds(5))
                            .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
