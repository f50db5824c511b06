package dev.provisioning.worker.provisioning;

import static org.awaitility.Awaitility.await;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.bootstrap.WorkerApp;
import dev.provisioning.worker.bootstrap.WorkerSettings;
import dev.provisioning.worker.local.SharedInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A worker on the shared broker and Redis with topics, group and key prefix of its own, plus a
 * plain Kafka producer and consumers that stand in for the worker's users.
 */
public final class WorkerHarness implements AutoCloseable {
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    public final Topics topics =
            new Topics(
                    "requests-" + suffix,
                    "results-" + suffix,
                    "dlq-" + suffix,
                    "changelog-" + suffix);
    public final String keyPrefix = "test-" + suffix;
    private final Map<String, String> environment = new HashMap<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> results;
    private final KafkaConsumer<byte[], byte[]> deadLetters;
    private final RedisClient redisClient;
    public final StatefulRedisConnection<String, String> redis;
    private final ResultCodec codec = new ResultCodec();
    private final List<ConsumerRecord<byte[], byte[]>> resultRecords = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> deadLetterRecords = new ArrayList<>();
    private WorkerApp worker;

    public WorkerHarness() {
        String bootstrap = SharedInfrastructure.broker().bootstrapServers();
        String redisUri = SharedInfrastructure.redis().uri();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        environment.put("REDIS_URL", redisUri);
        environment.put("HTTP_PORT", "0");
        environment.put("PROVISIONING_GROUP_ID", "group-" + suffix);
        environment.put("PROVISIONING_REQUESTS_TOPIC", topics.requests());
        environment.put("PROVISIONING_RESULTS_TOPIC", topics.results());
        environment.put("PROVISIONING_DLQ_TOPIC", topics.deadLetters());
        environment.put("PROVISIONING_CHANGELOG_TOPIC", topics.changelog());
        environment.put("PROVISIONING_TOPIC_PARTITIONS", "3");
        environment.put("PROVISIONING_REDIS_KEY_PREFIX", keyPrefix);
        producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.LINGER_MS_CONFIG,
                                5),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
        results = consumer(bootstrap);
        deadLetters = consumer(bootstrap);
        redisClient = RedisClient.create(redisUri);
        redis = redisClient.connect();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        // Readers see only committed transactions, as result consumers should.
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    public WorkerHarness set(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public WorkerHarness startWorker() throws Exception {
        worker = WorkerApp.start(WorkerSettings.load(environment));
        return startReading();
    }

    /** Stops the worker and starts a new one with the same settings, as after a crash. */
    public WorkerHarness restartWorker() throws Exception {
        worker.close();
        worker = WorkerApp.start(WorkerSettings.load(environment));
        return this;
    }

    /** Subscribes the result and dead-letter readers; for workers started elsewhere. */
    WorkerHarness startReading() {
        results.subscribe(List.of(topics.results()));
        deadLetters.subscribe(List.of(topics.deadLetters()));
        return this;
    }

    /** Returns the environment the worker was configured from, for commands run against it. */
    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    WorkerApp worker() {
        return worker;
    }

    /** Starts one more worker in the same consumer group; the caller closes it. */
    WorkerApp startAnotherWorker() throws Exception {
        return WorkerApp.start(WorkerSettings.load(environment));
    }

    public void send(String key, String value) {
        send(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    void send(String key, byte[] value) {
        producer.send(
                new ProducerRecord<>(
                        topics.requests(),
                        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                        value));
    }

    /**
     * Signs up accounts {@code prefix-0} to {@code prefix-(count-1)}, each with a prepaid EUR
     * billing account; the sign-up requestId is {@code signup-<accountId>}.
     */
    void signUpAccounts(String prefix, int count) {
        for (int account = 0; account < count; account++) {
            String id = prefix + "-" + account;
            send(id, TestRequests.signUp("signup-" + id, id, "PREPAID", "EUR"));
        }
        flush();
    }

    /**
     * Onboards clients {@code from} to {@code to - 1} under the first project of every account that
     * {@link #signUpAccounts} created, interleaved across accounts as a busy topic would be.
     */
    void onboardClients(String prefix, int accounts, int from, int to) {
        for (int client = from; client < to; client++) {
            for (int account = 0; account < accounts; account++) {
                String id = prefix + "-" + account;
                String parent = EntityIds.project(id, "signup-" + id);
                send(
                        id,
                        TestRequests.subprojectCreate(
                                id + "-c-" + client,
                                id,
                                parent,
                                "Client " + client,
                                "c-" + client));
            }
        }
        flush();
    }

    public void flush() {
        producer.flush();
    }

    /** Reads result records until at least {@code count} have arrived. */
    public List<ConsumerRecord<byte[], byte[]>> awaitResults(int count, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            results.poll(Duration.ofMillis(200)).forEach(resultRecords::add);
                            return resultRecords.size() >= count;
                        });
        return List.copyOf(resultRecords);
    }

    /** Reads for a while longer and returns every result record read so far. */
    List<ConsumerRecord<byte[], byte[]>> drainResults(Duration quietPeriod) {
        long deadline = System.nanoTime() + quietPeriod.toNanos();
        while (System.nanoTime() < deadline) {
            results.poll(Duration.ofMillis(200)).forEach(resultRecords::add);
        }
        return List.copyOf(resultRecords);
    }

    List<ConsumerRecord<byte[], byte[]>> awaitDeadLetters(int count, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            deadLetters
                                    .poll(Duration.ofMillis(200))
                                    .forEach(deadLetterRecords::add);
                            return deadLetterRecords.size() >= count;
                        });
        return List.copyOf(deadLetterRecords);
    }

    public ProvisioningResult decode(ConsumerRecord<byte[], byte[]> record) {
        return codec.decode(record.value());
    }

    public String key(String accountId, String name) {
        return keyPrefix + ":{" + accountId + "}:" + name;
    }

    @Override
    public void close() throws Exception {
        if (worker != null) {
            worker.close();
        }
        producer.close(Duration.ofSeconds(5));
        results.close(Duration.ofSeconds(5));
        deadLetters.close(Duration.ofSeconds(5));
        redis.close();
        redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
