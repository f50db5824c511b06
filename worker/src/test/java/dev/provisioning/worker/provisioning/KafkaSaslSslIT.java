package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.local.LocalKafkaBroker;
import dev.provisioning.worker.local.SharedInfrastructure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker against a broker that it reaches only over SASL_SSL with SCRAM-SHA-512,
 * configured through KAFKA_CLIENT_* variables alone. The test's own producer and consumer use the
 * broker's PLAINTEXT listener.
 */
class KafkaSaslSslIT {
    private static final String USER = "provisioning-worker";
    private static final String SCRAM_PASSWORD = "scram-" + UUID.randomUUID();
    private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();

    private static Path stores;
    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        stores = Files.createTempDirectory("kafka-tls-");
        createStores(stores);
        broker =
                LocalKafkaBroker.start(
                        LocalKafkaBroker.Settings.defaults()
                                .withSaslSsl(
                                        new LocalKafkaBroker.SaslSslListener(
                                                stores.resolve("broker.p12"),
                                                STORE_PASSWORD,
                                                "PKCS12")));
        broker.createScramUser(USER, SCRAM_PASSWORD);
    }

    @AfterAll
    static void stopBroker() throws IOException {
        if (broker != null) {
            broker.close();
        }
        if (stores != null) {
            try (Stream<Path> files = Files.walk(stores)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void run_saslSslScram_answersAndHidesPasswords() throws Exception {
        Map<String, String> environment = workerEnvironment();

        try (WorkerProcess worker = WorkerProcess.start(environment, "run");
                KafkaProducer<String, String> producer = producer();
                KafkaConsumer<String, String> results = resultConsumer()) {
            worker.awaitConsuming(Duration.ofSeconds(60));
            String projectId = EntityIds.project("acc-sasl", "sasl-1");
            send(producer, TestRequests.signUp("sasl-1", "acc-sasl", "PREPAID", "EUR"));
            send(
                    producer,
                    TestRequests.subprojectCreate(
                            "sasl-2", "acc-sasl", projectId, "Client", "client-1"));
            List<ProvisioningResult> answers = awaitResults(results, 2);
            String output = worker.output();

            assertThat(answers)
                    .extracting(ProvisioningResult::requestId)
                    .containsExactly("sasl-1", "sasl-2");
            assertThat(answers)
                    .extracting(ProvisioningResult::status)
                    .containsOnly(ResultStatus.SUCCEEDED);
            assertThat(output).contains("security.protocol=SASL_SSL");
            assertThat(output).doesNotContain(SCRAM_PASSWORD);
            assertThat(output).doesNotContain(STORE_PASSWORD);
        }
    }

    private static Map<String, String> workerEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.saslSslBootstrapServers());
        environment.put("KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL");
        environment.put("KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512");
        environment.put(
                "KAFKA_CLIENT_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + USER
                        + "\" password=\""
                        + SCRAM_PASSWORD
                        + "\";");
        environment.put(
                "KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", stores.resolve("trust.p12").toString());
        environment.put("KAFKA_CLIENT_SSL_TRUSTSTORE_PASSWORD", STORE_PASSWORD);
        environment.put("KAFKA_CLIENT_SSL_TRUSTSTORE_TYPE", "PKCS12");
        environment.put("REDIS_URL", SharedInfrastructure.redis().uri());
        environment.put("PROVISIONING_REDIS_KEY_PREFIX", "sasl-" + UUID.randomUUID());
        environment.put("PROVISIONING_TOPIC_PARTITIONS", "1");
        environment.put("HTTP_PORT", "0");
        return environment;
    }

    private static void send(KafkaProducer<String, String> producer, String request)
            throws Exception {
        producer.send(new ProducerRecord<>("provisioning.requests", "acc-sasl", request))
                .get(10, TimeUnit.SECONDS);
    }

    private static List<ProvisioningResult> awaitResults(
            KafkaConsumer<String, String> consumer, int count) {
        ResultCodec codec = new ResultCodec();
        List<ProvisioningResult> answers = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            for (var record : consumer.poll(Duration.ofMillis(200))) {
                                byte[] value = record.value().getBytes(StandardCharsets.UTF_8);
                                answers.add(codec.decode(value));
                            }
                            return answers.size() >= count;
                        });
        return answers;
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer());
    }

    private static KafkaConsumer<String, String> resultConsumer() {
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "reader-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new StringDeserializer());
        consumer.subscribe(List.of("provisioning.results"));
        return consumer;
    }

    /**
     * Writes broker.p12 with a key pair for IP 127.0.0.1 and trust.p12 with its certificate, using
     * the running JDK's keytool. Passwords reach keytool through its environment, not arguments.
     */
    private static void createStores(Path directory) throws Exception {
        keytool(
                directory,
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                "broker.p12",
                "-storepass:env",
                "STORE_PASSWORD",
                "-keypass:env",
                "STORE_PASSWORD");
        keytool(
                directory,
                "-exportcert",
                "-alias",
                "broker",
                "-keystore",
                "broker.p12",
                "-storepass:env",
                "STORE_PASSWORD",
                "-rfc",
                "-file",
                "broker.crt");
        keytool(
                directory,
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                "broker.crt",
                "-storetype",
                "PKCS12",
                "-keystore",
                "trust.p12",
                "-storepass:env",
                "STORE_PASSWORD");
    }

    private static void keytool(Path directory, String... arguments) throws Exception {
        Path executable = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(executable)) {
            abort("keytool not found at " + executable);
        }
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("STORE_PASSWORD", STORE_PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool %s:%n%s", arguments[0], output).isZero();
    }
}
