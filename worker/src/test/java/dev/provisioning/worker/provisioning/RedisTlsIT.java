package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.local.LocalRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker against a Redis that serves TLS with a certificate from a private CA, which
 * the worker trusts through PROVISIONING_REDIS_TLS_CA_FILE. The server keeps its plain port only
 * for the start-up check of {@link LocalRedis}; the worker uses the TLS port.
 */
class RedisTlsIT {
    private static Path certificates;
    private static LocalRedis redis;
    private static int tlsPort;

    private WorkerHarness harness;

    @BeforeAll
    static void startRedisWithTls() throws Exception {
        assumeTrue(LocalRedis.isInstalled(), "redis-server is not installed");
        certificates = Files.createTempDirectory("redis-tls-");
        createCertificates(certificates);
        tlsPort = freePort();
        try {
            redis =
                    LocalRedis.start(
                            List.of(
                                    "--tls-port",
                                    Integer.toString(tlsPort),
                                    "--tls-cert-file",
                                    certificates.resolve("server.crt").toString(),
                                    "--tls-key-file",
                                    certificates.resolve("server.key").toString(),
                                    "--tls-ca-cert-file",
                                    certificates.resolve("ca.crt").toString(),
                                    "--tls-auth-clients",
                                    "no"));
        } catch (IllegalStateException e) {
            abort("redis-server did not start with TLS, likely built without it: " + e);
        }
    }

    @AfterAll
    static void stopRedis() throws IOException {
        if (redis != null) {
            redis.close();
        }
        if (certificates != null) {
            try (Stream<Path> files = Files.walk(certificates)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void run_redissWithPrivateCa_answersRequests() throws Exception {
        harness =
                new WorkerHarness()
                        .set("REDIS_URL", "rediss://127.0.0.1:" + tlsPort)
                        .set(
                                "PROVISIONING_REDIS_TLS_CA_FILE",
                                certificates.resolve("ca.crt").toString());

        try (WorkerProcess worker = WorkerProcess.start(harness.environment(), "run")) {
            worker.awaitConsuming(Duration.ofSeconds(60));
            harness.startReading();
            harness.send("acc-tls", TestRequests.signUp("tls-1", "acc-tls", "PREPAID", "EUR"));
            String projectId = EntityIds.project("acc-tls", "tls-1");
            harness.send(
                    "acc-tls",
                    TestRequests.subprojectCreate(
                            "tls-2", "acc-tls", projectId, "Client", "client-1"));
            harness.flush();
            List<ConsumerRecord<byte[], byte[]>> records =
                    harness.awaitResults(2, Duration.ofSeconds(30));

            List<ProvisioningResult> results = records.stream().map(harness::decode).toList();
            assertThat(results)
                    .extracting(ProvisioningResult::requestId)
                    .containsExactly("tls-1", "tls-2");
            assertThat(results)
                    .extracting(ProvisioningResult::status)
                    .containsOnly(ResultStatus.SUCCEEDED);
            assertThat(worker.output()).contains("redis connected mode=standalone");
        }
    }

    @Test
    void run_redissWithoutCaFile_exitsOneNamingRedis() throws Exception {
        harness = new WorkerHarness().set("REDIS_URL", "rediss://127.0.0.1:" + tlsPort);

        try (WorkerProcess worker = WorkerProcess.start(harness.environment(), "run")) {
            int status = worker.awaitExit(Duration.ofSeconds(60));
            String output = worker.output();

            assertThat(status).as(output).isEqualTo(1);
            assertThat(output).contains("cannot connect to Redis at 127.0.0.1:" + tlsPort);
        }
    }

    /** Writes ca.crt, server.crt and server.key, the server's for IP 127.0.0.1, with openssl. */
    private static void createCertificates(Path directory) throws Exception {
        Files.writeString(directory.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl(
                directory,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=provisioning-test-ca",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt");
        openssl(
                directory,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                "server.key",
                "-out",
                "server.csr");
        openssl(
                directory,
                "x509",
                "-req",
                "-days",
                "1",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-extfile",
                "server.ext",
                "-out",
                "server.crt");
    }

    private static void openssl(Path directory, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process;
        try {
            process =
                    new ProcessBuilder(command)
                            .directory(directory.toFile())
                            .redirectErrorStream(true)
                            .start();
        } catch (IOException e) {
            abort("openssl is not installed: " + e.getMessage());
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        assertThat(process.exitValue()).as("openssl %s:%n%s", arguments[0], output).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
