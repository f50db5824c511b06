package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.provisioning.worker.local.LocalRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health and metrics endpoints answer while the worker runs and tell when Redis is away. */
class OperationsIT {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LocalRedis redis;
    private WorkerHarness harness;

    @BeforeEach
    void start() throws Exception {
        redis = LocalRedis.start();
        harness = new WorkerHarness().set("REDIS_URL", redis.uri()).startWorker();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        redis.close();
    }

    @Test
    void live_always200() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void ready_partitionsAssignedAndRedisUp_200() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/health/ready").statusCode() == 200);
    }

    @Test
    void ready_redisStopped_503NamingRedis() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/health/ready").statusCode() == 200);

        redis.stop();

        await().atMost(Duration.ofSeconds(15))
                .until(() -> get("/health/ready").statusCode() == 503);
        assertThat(get("/health/ready").body()).contains("\"redis\":false");
    }

    @Test
    void metrics_afterRequests_countByTypeAndCode() throws Exception {
        harness.send("ops-1", TestRequests.signUp("signup-ops", "ops-1", "PREPAID", "EUR"));
        harness.flush();
        harness.awaitResults(1, Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                get("/metrics")
                                        .body()
                                        .contains(
                                                "provisioning_requests_seconds_count{code=\"OK\",type=\"account.create\"} 1"));
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("provisioning_redis_call_seconds_count");
        assertThat(metrics).contains("provisioning_in_flight");
        assertThat(metrics).contains("provisioning_partitions_paused");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        int port = harness.worker().httpPort();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
