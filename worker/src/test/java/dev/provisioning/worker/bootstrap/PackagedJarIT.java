package dev.provisioning.worker.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.provisioning.worker.local.SharedInfrastructure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Black-box test of the packaged jar: the broker is the jar's {@code local-kafka}, the worker its
 * {@code run}, and requests and results travel through Kafka's own console producer and consumer,
 * started as separate processes with none of this project's classes on their classpath.
 */
class PackagedJarIT {
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws Exception {
        for (Process process : processes.reversed()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        for (Path log : logs) {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void consoleTools_signUpAndOnboard_resultsForEveryRequest() throws Exception {
        int kafkaPort = freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        Path brokerLog =
                start(List.of(), jar("local-kafka", "--port", Integer.toString(kafkaPort)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(brokerLog).contains("ready"));
        Path workerLog =
                start(
                        List.of(
                                "KAFKA_BOOTSTRAP_SERVERS=" + bootstrap,
                                "REDIS_URL=" + SharedInfrastructure.redis().uri(),
                                "HTTP_PORT=0",
                                "PROVISIONING_REDIS_KEY_PREFIX=blackbox-" + kafkaPort),
                        jar("run"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(workerLog).contains("partitions assigned"));

        List<String> lines = new ArrayList<>();
        lines.add("asp-bb|" + signUp());
        for (int client = 0; client < 20; client++) {
            lines.add("asp-bb|" + onboard(client));
        }
        lines.add("asp-bb|not json at all");
        produce(bootstrap, "provisioning.requests", lines);
        String results = consume(bootstrap, "provisioning.results", 21);
        String deadLetters = consume(bootstrap, "provisioning.requests.dlq", 1);

        assertThat(results.lines().filter(line -> line.contains("\"status\":\"SUCCEEDED\"")))
                .hasSize(21);
        assertThat(results.lines()).allMatch(line -> line.startsWith("asp-bb\t"));
        assertThat(deadLetters).contains("not json at all");
    }

    private static String signUp() {
        return "{\"specVersion\":\"1\",\"requestId\":\"bb-signup\",\"accountId\":\"asp-bb\","
                + "\"type\":\"account.create\",\"issuedAt\":\"2026-12-04T10:00:00Z\","
                + "\"payload\":{\"displayName\":\"Black Box ASP\",\"billingAccount\":{"
                + "\"kind\":\"POSTPAID\",\"currency\":\"USD\",\"payer\":{\"name\":\"BB Inc\","
                + "\"address\":\"2 Side Street\",\"taxId\":\"US-1\"}}}}";
    }

    /** A subproject under the sign-up's first project, whose id the producer derives itself. */
    private static String onboard(int client) {
        return "{\"specVersion\":\"1\",\"requestId\":\"bb-client-"
                + client
                + "\",\"accountId\":\"asp-bb\",\"type\":\"subproject.create\","
                + "\"issuedAt\":\"2026-12-04T10:00:00Z\",\"payload\":{\"parentProjectId\":\""
                + SIGN_UP_PROJECT_ID
                + "\",\"displayName\":\"Client "
                + client
                + "\",\"externalRef\":\"client-"
                + client
                + "\"}}";
    }

    /** Project id of the sign-up above: "prj-" plus 26 base32 characters of SHA-256. */
    private static final String SIGN_UP_PROJECT_ID = derivedProjectId("asp-bb", "bb-signup");

    private static String derivedProjectId(String accountId, String requestId) {
        try {
            byte[] hash =
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(
                                    (accountId + "\n" + requestId + "\nproject")
                                            .getBytes(StandardCharsets.UTF_8));
            String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
            StringBuilder id = new StringBuilder("prj-");
            int buffer = 0;
            int bits = 0;
            for (int i = 0; id.length() < 30; i++) {
                buffer = (buffer << 8) | (hash[i] & 0xff);
                bits += 8;
                while (bits >= 5 && id.length() < 30) {
                    id.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
                    bits -= 5;
                }
            }
            return id.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void produce(String bootstrap, String topic, List<String> lines) throws Exception {
        Process producer =
                new ProcessBuilder(
                                tool(
                                        "org.apache.kafka.tools.ConsoleProducer",
                                        "--bootstrap-server",
                                        bootstrap,
                                        "--topic",
                                        topic,
                                        "--property",
                                        "parse.key=true",
                                        "--property",
                                        "key.separator=|"))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        try (OutputStream in = producer.getOutputStream()) {
            in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(producer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private String consume(String bootstrap, String topic, int count) throws Exception {
        Process consumer =
                new ProcessBuilder(
                                tool(
                                        "org.apache.kafka.tools.consumer.ConsoleConsumer",
                                        "--bootstrap-server",
                                        bootstrap,
                                        "--topic",
                                        topic,
                                        "--from-beginning",
                                        "--max-messages",
                                        Integer.toString(count),
                                        "--timeout-ms",
                                        "60000",
                                        "--formatter-property",
                                        "print.key=true"))
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        processes.add(consumer);
        String output =
                new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        consumer.waitFor(70, TimeUnit.SECONDS);
        return output;
    }

    private Path start(List<String> environment, List<String> command) throws IOException {
        Path log = Files.createTempFile("packaged-jar-", ".log");
        logs.add(log);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        for (String entry : environment) {
            int equals = entry.indexOf('=');
            builder.environment().put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        processes.add(builder.start());
        return log;
    }

    private static List<String> jar(String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx512m");
        command.add("-jar");
        command.add(System.getProperty("provisioning.jar"));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> tool(String mainClass, String... args) throws IOException {
        String classpath =
                Files.readString(Path.of(System.getProperty("kafka.tools.classpath"))).strip();
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
