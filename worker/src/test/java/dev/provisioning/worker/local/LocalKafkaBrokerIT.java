package dev.provisioning.worker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerIT {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void start_defaults_listensOnLoopback() {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(broker.port()).isPositive();
    }

    @Test
    void produceAndConsume_threePartitions_groupReceivesAll() throws Exception {
        String topic = uniqueName("orders");
        createTopic(broker, topic, 3);
        List<String> sent = IntStream.range(0, 100).mapToObj(i -> "value-" + i).toList();

        List<RecordMetadata> acknowledgements = produce(broker, topic, sent);
        List<ConsumerRecord<String, String>> received =
                consume(broker, topic, uniqueName("group"), sent.size(), false);

        assertThat(acknowledgements).hasSize(100);
        assertThat(received).extracting(ConsumerRecord::value).hasSameElementsAs(sent);
        assertThat(received).hasSize(100);
        assertThat(received.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void restart_sameDataDir_keepsTopicAndOffsets(@TempDir Path dataDir) throws Exception {
        String topic = uniqueName("restart");
        String group = uniqueName("group");
        List<String> sent = IntStream.range(0, 10).mapToObj(i -> "value-" + i).toList();
        LocalKafkaBroker.Settings settings =
                LocalKafkaBroker.Settings.defaults().withDataDir(dataDir);
        int port;
        try (LocalKafkaBroker first = LocalKafkaBroker.start(settings)) {
            port = first.port();
            createTopic(first, topic, 3);
            produce(first, topic, sent);
            consume(first, topic, group, sent.size(), true);
        }

        try (LocalKafkaBroker second = LocalKafkaBroker.start(settings.withPort(port));
                Admin admin = admin(second)) {
            TopicDescription description =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .get(topic);
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            produce(second, topic, List.of("after-restart"));
            List<ConsumerRecord<String, String>> resumed = consume(second, topic, group, 1, false);

            assertThat(second.port()).isEqualTo(port);
            assertThat(second.bootstrapServers()).isNotEqualTo(broker.bootstrapServers());
            assertThat(description.partitions()).hasSize(3);
            assertThat(offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .isEqualTo(10);
            assertThat(resumed).extracting(ConsumerRecord::value).containsExactly("after-restart");
        }
    }

    @Test
    void transaction_afterAbort_onlyCommittedVisible() throws Exception {
        String topic = uniqueName("transactions");
        createTopic(broker, topic, 1);

        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(transactionalProducerConfig(broker, uniqueName("tx")))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "key", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "key", "committed"));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, String>> received =
                consume(broker, topic, uniqueName("group"), 1, false);

        assertThat(received).extracting(ConsumerRecord::value).containsExactly("committed");
    }

    @Test
    void close_temporaryDataDir_deleted() {
        LocalKafkaBroker temporary = LocalKafkaBroker.start(LocalKafkaBroker.Settings.defaults());
        Path dataDir = temporary.dataDir();
        boolean existedWhileRunning = Files.isDirectory(dataDir);

        temporary.close();

        assertThat(existedWhileRunning).isTrue();
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void start_portInUse_failsNamingPort(@TempDir Path dataDir) throws Exception {
        try (ServerSocket occupant = new ServerSocket()) {
            occupant.bind(new InetSocketAddress("127.0.0.1", 0));
            LocalKafkaBroker.Settings settings =
                    LocalKafkaBroker.Settings.defaults()
                            .withDataDir(dataDir)
                            .withPort(occupant.getLocalPort());

            assertThatThrownBy(() -> LocalKafkaBroker.start(settings))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + occupant.getLocalPort() + " on 127.0.0.1");
        }
    }

    @Test
    void settings_reservedOverride_rejected() {
        Map<String, String> overrides = Map.of("listeners", "PLAINTEXT://0.0.0.0:9092");

        assertThatThrownBy(() -> LocalKafkaBroker.Settings.defaults().withOverrides(overrides))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static Admin admin(LocalKafkaBroker target) {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers()));
    }

    private static void createTopic(LocalKafkaBroker target, String topic, int partitions)
            throws Exception {
        try (Admin admin = admin(target)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static List<RecordMetadata> produce(
            LocalKafkaBroker target, String topic, List<String> values) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            for (String value : values) {
                pending.add(producer.send(new ProducerRecord<>(topic, value, value)));
            }
            List<RecordMetadata> acknowledgements = new ArrayList<>();
            for (Future<RecordMetadata> future : pending) {
                acknowledgements.add(future.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            return acknowledgements;
        }
    }

    private static Map<String, Object> transactionalProducerConfig(
            LocalKafkaBroker target, String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    /**
     * Subscribes with a new consumer in {@code group} and polls until {@code expectedCount} records
     * arrived or {@link #CLIENT_TIMEOUT} passed, reading only committed records.
     */
    private static List<ConsumerRecord<String, String>> consume(
            LocalKafkaBroker target,
            String topic,
            String group,
            int expectedCount,
            boolean commitOffsets) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(Set.of(topic));
            long deadlineNanos = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (received.size() < expectedCount && System.nanoTime() < deadlineNanos) {
                consumer.poll(POLL_TIMEOUT).forEach(received::add);
            }
            if (commitOffsets) {
                consumer.commitSync(CLIENT_TIMEOUT);
            }
        }
        return received;
    }
}
