package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.account.InMemoryAccountStore;
import dev.provisioning.worker.account.Limits;
import dev.provisioning.worker.account.StoreOutcome;
import dev.provisioning.worker.local.LocalKafkaBroker;
import dev.provisioning.worker.local.LocalRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults against real processes: a broker in this JVM on its own data directory, a redis-server,
 * and worker jars as child processes. After each fault every request must have a result, repeats
 * must equal the first result, and every result and entity must equal a sequential replay of the
 * same requests through {@link InMemoryAccountStore}. Runs only with {@code -Pfaults}.
 */
class WorkerFaultIT {
    private static final int ACCOUNTS = 50;
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> results = new ConcurrentHashMap<>();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private Path brokerDir;
    private LocalKafkaBroker broker;
    private LocalRedis redis;
    private Thread reader;

    @BeforeEach
    void startInfrastructure() throws Exception {
        brokerDir = Files.createTempDirectory("fault-broker-");
        broker =
                LocalKafkaBroker.start(
                        LocalKafkaBroker.Settings.defaults()
                                .withDataDir(brokerDir)
                                .withPartitions(6));
        redis = LocalRedis.start();
    }

    @AfterEach
    void stopInfrastructure() throws Exception {
        reading.set(false);
        if (reader != null) {
            reader.join(10_000);
        }
        for (WorkerProcess worker : workers) {
            worker.close();
        }
        redis.close();
        broker.close();
    }

    @Test
    void killNine_threeTimes() throws Exception {
        Stream stream = Stream.of(20_000);
        startWorker();
        send(stream);
        for (int kill = 1; kill <= 3; kill++) {
            awaitAnswered(stream.size() * kill / 4);
            workers.remove(0).kill();
            startWorker();
        }
        verify("kill -9 worker x3", stream);
    }

    @Test
    void redisRestarted_dataLost() throws Exception {
        Stream stream = Stream.of(10_000);
        startWorker();
        send(stream);
        awaitAnswered(stream.size() / 3);
        redis.stop();
        // A running worker does not notice that Redis lost its data, so it is restarted with Redis
        // and rebuilds from the topics at start.
        workers.remove(0).kill();
        redis.restart();
        startWorker();
        verify("Redis restarted empty", stream);
    }

    @Test
    void redisFlushed_rebuilt() throws Exception {
        Stream stream = Stream.of(10_000);
        startWorker();
        send(stream);
        awaitAnswered(stream.size() / 3);
        WorkerProcess stopped = workers.remove(0);
        stopped.terminate();
        stopped.awaitExit(Duration.ofSeconds(40));
        redis.flushAll();
        startWorker();
        verify("Redis flushed", stream);
    }

    @Test
    void brokerRestarted() throws Exception {
        Stream stream = Stream.of(10_000);
        startWorker();
        send(stream);
        awaitAnswered(stream.size() / 3);
        int port = broker.port();
        broker.close();
        Thread.sleep(3_000);
        broker =
                LocalKafkaBroker.start(
                        LocalKafkaBroker.Settings.defaults()
                                .withDataDir(brokerDir)
                                .withPort(port)
                                .withPartitions(6));
        verify("broker restarted", stream);
    }

    @Test
    void workerAddedAndRemoved() throws Exception {
        Stream stream = Stream.of(10_000);
        startWorker();
        send(stream);
        awaitAnswered(stream.size() / 4);
        startWorker();
        awaitAnswered(stream.size() / 2);
        WorkerProcess removed = workers.remove(0);
        removed.terminate();
        removed.awaitExit(Duration.ofSeconds(40));
        verify("worker added, one removed", stream);
    }

    @Test
    void redisPaused() throws Exception {
        Stream stream = Stream.of(10_000);
        startWorker();
        send(stream);
        awaitAnswered(stream.size() / 3);
        redis.pause();
        Thread.sleep(8_000);
        redis.resume();
        verify("Redis paused 8 s", stream);
    }

    private void startWorker() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        environment.put("REDIS_URL", redis.uri());
        environment.put("HTTP_PORT", "0");
        environment.put("PROVISIONING_TOPIC_PARTITIONS", "6");
        WorkerProcess worker = WorkerProcess.start(environment, "run");
        workers.add(worker);
        worker.awaitConsuming(Duration.ofSeconds(120));
        if (reader == null) {
            reader = Thread.ofPlatform().name("fault-result-reader").start(this::readResults);
        }
    }

    private void send(Stream stream) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers(),
                                ProducerConfig.ACKS_CONFIG,
                                "all"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            for (Stream.Request request : stream.requests()) {
                producer.send(
                        new ProducerRecord<>(
                                "provisioning.requests",
                                bytes(request.accountId()),
                                bytes(request.json())));
            }
            producer.flush();
        }
    }

    private void readResults() {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "fault-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed");
        ResultCodec codec = new ResultCodec();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("provisioning.results"));
            while (reading.get()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    String requestId = codec.decode(record.value()).requestId();
                    results.computeIfAbsent(requestId, id -> new CopyOnWriteArrayList<>())
                            .add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    private void awaitAnswered(int count) {
        await().atMost(ANSWER_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> results.size() >= count);
    }

    /** Waits for every result, compares with the replay and prints one line of counts. */
    private void verify(String fault, Stream stream) throws Exception {
        await().atMost(ANSWER_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                stream.requests().stream()
                                        .allMatch(r -> results.containsKey(r.requestId())));
        Thread.sleep(2_000);
        int lost = 0;
        int repeated = 0;
        int duplicated = 0;
        for (Stream.Request request : stream.requests()) {
            List<String> answers = results.getOrDefault(request.requestId(), List.of());
            if (answers.isEmpty()) {
                lost++;
            } else if (answers.size() > 1) {
                repeated++;
                if (answers.stream().distinct().count() > 1) {
                    duplicated++;
                }
            }
        }
        Replay replay = replay(stream);
        System.out.printf(
                "FAULT %-28s requests=%d lost=%d repeated=%d duplicated=%d mismatched=%d"
                        + " negativePrepaid=%d usageTotalsWrong=%d%n",
                fault,
                stream.size(),
                lost,
                repeated,
                duplicated,
                replay.mismatched,
                replay.negativePrepaid,
                replay.usageTotalsWrong);
        Files.writeString(
                Path.of("target", "fault-suite.txt"),
                String.format(
                        "| %s | %d | %d | %d | %d | %d |%n",
                        fault, stream.size(), lost, duplicated, replay.mismatched, repeated),
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(lost).as("lost").isZero();
        assertThat(duplicated).as("non-identical repeats").isZero();
        assertThat(replay.mismatched).as("mismatched").isZero();
        assertThat(replay.negativePrepaid).as("negative prepaid").isZero();
        assertThat(replay.usageTotalsWrong).as("usage totals").isZero();
    }

    private record Replay(int mismatched, int negativePrepaid, int usageTotalsWrong) {}

    /**
     * Applies the requests of each account in send order to the in-memory store, each at the
     * processedAt of its first result, and compares every outcome and the final Redis money.
     */
    private Replay replay(Stream stream) throws Exception {
        InMemoryAccountStore oracle = new InMemoryAccountStore(Limits.DEFAULTS);
        RequestDecoder decoder = new RequestDecoder();
        ResultCodec codec = new ResultCodec();
        int mismatched = 0;
        Map<String, Long> chargedMicros = new HashMap<>();
        for (Stream.Request request : stream.requests()) {
            ProvisioningResult first = codec.decode(bytes(results.get(request.requestId()).get(0)));
            var decoded = (DecodedRequest.Accepted) decoder.decode(bytes(request.json()));
            StoreOutcome expected =
                    oracle.apply(decoded.request(), first.processedAt(), null).result();
            JsonNode expectedResource =
                    expected.resourceJson() == null ? null : JSON.readTree(expected.resourceJson());
            boolean same =
                    expected.status() == first.status()
                            && expected.code() == first.code()
                            && Objects.equals(expected.reason(), first.reason())
                            && Objects.equals(expected.message(), first.message())
                            && Objects.equals(expectedResource, first.resource());
            if (!same) {
                mismatched++;
            }
            if (request.subprojectId() != null && first.code().name().equals("OK")) {
                chargedMicros.merge(request.subprojectId(), request.amountMicros(), Long::sum);
            }
        }
        var sync = io.lettuce.core.RedisClient.create(redis.uri()).connect().sync();
        int negative = 0;
        int usageWrong = 0;
        for (String account : stream.accounts()) {
            Map<String, String> money = sync.hgetall("pw:{" + account + "}:money");
            String balance = money.getOrDefault(Stream.billing(account) + ":balance", "0");
            if (Long.parseLong(balance) < 0) {
                negative++;
            }
        }
        for (var charged : chargedMicros.entrySet()) {
            String account = charged.getKey().isEmpty() ? "" : stream.accountOf(charged.getKey());
            String total =
                    sync.hget("pw:{" + account + "}:money", charged.getKey() + ":usage:EUR:amount");
            if (total == null || Long.parseLong(total) != charged.getValue()) {
                usageWrong++;
            }
        }
        return new Replay(mismatched, negative, usageWrong);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A bounded, deterministic request stream over {@value #ACCOUNTS} accounts. */
    private record Stream(
            List<Request> requests, List<String> accounts, Map<String, String> subprojectAccounts) {

        record Request(
                String accountId,
                String requestId,
                String json,
                String subprojectId,
                long amountMicros) {}

        int size() {
            return requests.size();
        }

        String accountOf(String subprojectId) {
            return subprojectAccounts.get(subprojectId);
        }

        static String billing(String account) {
            return EntityIds.billingAccount(account, account + "-signup");
        }

        /**
         * Builds sign-ups, a credit, then per account a cycle of subproject creates, charges that
         * sometimes overdraw, renames and credits, interleaved across accounts.
         */
        static Stream of(int count) {
            List<Request> requests = new ArrayList<>(count);
            List<String> accounts = new ArrayList<>();
            Map<String, String> subprojects = new HashMap<>();
            for (int a = 0; a < ACCOUNTS; a++) {
                String account = "acc-fault-" + a;
                accounts.add(account);
                requests.add(
                        new Request(
                                account,
                                account + "-signup",
                                TestRequests.signUp(account + "-signup", account, "PREPAID", "EUR"),
                                null,
                                0));
                requests.add(
                        new Request(
                                account,
                                account + "-credit-0",
                                TestRequests.credit(
                                        account + "-credit-0",
                                        account,
                                        billing(account),
                                        "20",
                                        "EUR"),
                                null,
                                0));
            }
            for (int step = 0; requests.size() < count; step++) {
                for (int a = 0; a < ACCOUNTS && requests.size() < count; a++) {
                    String account = accounts.get(a);
                    String project = EntityIds.project(account, account + "-signup");
                    String requestId = account + "-" + step;
                    String client = EntityIds.subproject(account, account + "-" + (step / 4 * 4));
                    requests.add(
                            switch (step % 4) {
                                case 0 ->
                                        new Request(
                                                account,
                                                requestId,
                                                TestRequests.subprojectCreate(
                                                        requestId,
                                                        account,
                                                        project,
                                                        "Client " + step,
                                                        "ref-" + step),
                                                null,
                                                0);
                                case 1, 2 -> {
                                    subprojects.put(client, account);
                                    yield new Request(
                                            account,
                                            requestId,
                                            TestRequests.usage(
                                                    requestId, account, client, "0.37", "EUR"),
                                            client,
                                            370_000);
                                }
                                default ->
                                        step % 8 == 3
                                                ? new Request(
                                                        account,
                                                        requestId,
                                                        TestRequests.credit(
                                                                requestId,
                                                                account,
                                                                billing(account),
                                                                "0.5",
                                                                "EUR"),
                                                        null,
                                                        0)
                                                : new Request(
                                                        account,
                                                        requestId,
                                                        TestRequests.projectRename(
                                                                requestId,
                                                                account,
                                                                project,
                                                                "Renamed " + step),
                                                        null,
                                                        0);
                            });
                }
            }
            return new Stream(List.copyOf(requests), List.copyOf(accounts), subprojects);
        }
    }
}
