package dev.provisioning.worker.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the Redis state of every account from Kafka: entities, indexes and money from the
 * compacted changelog topic, and idempotency records and usage markers from the result topic.
 *
 * <p>The changelog is read to its end and the latest value of each entity id wins. Results are read
 * from the start of the request retention window; the first result of each requestId that carries
 * the {@value IdempotencyRecords#FINGERPRINT_HEADER} header restores that requestId's record with
 * the time it has left. Results without the header (rejected before the store was reached, or
 * written by an older worker) restore nothing. The caller owns the thread: every call blocks, so it
 * must not run on an event loop.
 */
public final class StateRebuilder {
    private static final Logger log = LoggerFactory.getLogger(StateRebuilder.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> kafka;
    private final String changelogTopic;
    private final String resultsTopic;
    private final String keyPrefix;
    private final Duration retention;
    private final Clock clock;

    /**
     * @param kafka Kafka client properties, bootstrap servers and security included
     * @param retention how long a requestId is remembered, as configured for the worker
     */
    public StateRebuilder(
            Map<String, ?> kafka,
            String changelogTopic,
            String resultsTopic,
            String keyPrefix,
            Duration retention,
            Clock clock) {
        this.kafka = Map.copyOf(kafka);
        this.changelogTopic = changelogTopic;
        this.resultsTopic = resultsTopic;
        this.keyPrefix = keyPrefix;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Counts of what a rebuild wrote.
     *
     * @param accounts accounts whose state was written
     * @param entities entity documents written
     * @param requests idempotency records written
     * @param durationMillis time the rebuild took
     */
    public record Summary(int accounts, int entities, int requests, long durationMillis) {}

    /**
     * Returns whether any account key exists under the key prefix.
     *
     * <p>NOTE: SCAN covers one server only, so with Redis Cluster this sees the node of the
     * connection and not the whole keyspace.
     */
    public boolean hasAccountState(RedisClusterCommands<String, String> redis) {
        ScanArgs match = ScanArgs.Builder.matches(keyPrefix + ":{*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page = redis.scan(cursor, match);
            if (!page.getKeys().isEmpty()) {
                return true;
            }
            cursor = page;
        } while (!cursor.isFinished());
        return false;
    }

    /** Returns whether the changelog topic contains at least one record. */
    public boolean changelogHasRecords() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, changelogTopic);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            return partitions.stream().anyMatch(p -> end.get(p) > start.get(p));
        }
    }

    /**
     * Rebuilds when no account key exists under the prefix and the changelog has records, as at the
     * start of a worker whose Redis lost its data. Workers starting together take turns through a
     * lock key, {@code {prefix}:rebuild-lock}: one rebuilds, the others wait until it is gone, so
     * none consumes while the state is incomplete.
     *
     * @param lockWait how long the lock is held at most, and how long others wait for it
     * @return whether this call rebuilt the state
     * @throws IllegalStateException if another worker's rebuild took longer than {@code lockWait}
     */
    public boolean rebuildIfEmpty(RedisClusterCommands<String, String> redis, Duration lockWait)
            throws InterruptedException {
        String lock = keyPrefix + ":rebuild-lock";
        if (redis.exists(lock) == 0 && !hasAccountState(redis) && changelogHasRecords()) {
            String owner = UUID.randomUUID().toString();
            SetArgs once = SetArgs.Builder.nx().px(lockWait.toMillis());
            if ("OK".equals(redis.set(lock, owner, once))) {
                try {
                    rebuild(redis);
                    return true;
                } finally {
                    redis.del(lock);
                }
            }
        }
        awaitLockReleased(redis, lock, lockWait);
        return false;
    }

    private static void awaitLockReleased(
            RedisClusterCommands<String, String> redis, String lock, Duration lockWait)
            throws InterruptedException {
        long deadline = System.nanoTime() + lockWait.toNanos();
        while (redis.exists(lock) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "another worker's state rebuild held "
                                + lock
                                + " for over "
                                + lockWait.toSeconds()
                                + " s; delete the key if that worker died, then start again");
            }
            Thread.sleep(POLL_TIMEOUT.toMillis());
        }
    }

    /**
     * Reads both topics to their current end and writes the state of every account found. Keys of
     * an account that the changelog names are replaced; other keys under the prefix stay.
     */
    public Summary rebuild(RedisClusterCommands<String, String> redis) {
        long startNanos = System.nanoTime();
        Instant now = clock.instant();

        Map<String, ObjectNode> latest = readChangelog();
        Map<String, Map<String, ObjectNode>> byAccount = groupByAccount(latest);
        int entityCount = 0;
        for (var account : byAccount.entrySet()) {
            RebuiltAccount rebuilt = RebuiltAccount.of(account.getKey(), account.getValue());
            write(redis, rebuilt);
            entityCount += rebuilt.entities.size();
        }
        IdempotencyRecords records = new IdempotencyRecords(now, retention);
        readTopic(resultsTopic, now.minus(retention), records::add);
        int requestCount = records.write(redis, keyPrefix);

        Summary summary =
                new Summary(
                        byAccount.size(),
                        entityCount,
                        requestCount,
                        (System.nanoTime() - startNanos) / 1_000_000);
        log.info(
                "state rebuilt accounts={} entities={} requests={} durationMillis={}",
                summary.accounts(),
                summary.entities(),
                summary.requests(),
                summary.durationMillis());
        return summary;
    }

    private Map<String, ObjectNode> readChangelog() {
        Map<String, ObjectNode> latest = new HashMap<>();
        readTopic(
                changelogTopic,
                null,
                record -> {
                    String entityId = new String(record.key(), StandardCharsets.UTF_8);
                    if (record.value() == null) {
                        latest.remove(entityId);
                        return;
                    }
                    latest.put(entityId, parseObject(record.value(), entityId));
                });
        return latest;
    }

    private static Map<String, Map<String, ObjectNode>> groupByAccount(
            Map<String, ObjectNode> latest) {
        Map<String, Map<String, ObjectNode>> byAccount = new HashMap<>();
        latest.forEach(
                (entityId, document) -> {
                    String accountId = document.path("accountId").asText();
                    byAccount
                            .computeIfAbsent(accountId, id -> new HashMap<>())
                            .put(entityId, document);
                });
        return byAccount;
    }

    private void write(RedisClusterCommands<String, String> redis, RebuiltAccount account) {
        AccountKeys keys = new AccountKeys(keyPrefix, account.accountId);
        redis.del(
                keys.entities(),
                keys.projects(),
                keys.billingAccounts(),
                keys.subprojects(),
                keys.links(),
                keys.externalRefs(),
                keys.money());
        redis.hset(keys.entities(), account.entities);
        zadd(redis, keys.projects(), account.projects);
        zadd(redis, keys.billingAccounts(), account.billingAccounts);
        zadd(redis, keys.subprojects(), zeroScores(account.subprojects));
        zadd(redis, keys.links(), zeroScores(account.links));
        if (!account.externalRefs.isEmpty()) {
            redis.hset(keys.externalRefs(), account.externalRefs);
        }
        if (!account.money.isEmpty()) {
            redis.hset(keys.money(), account.money);
        }
    }

    private static Map<String, Double> zeroScores(List<String> members) {
        Map<String, Double> scored = new HashMap<>();
        members.forEach(member -> scored.put(member, 0.0));
        return scored;
    }

    @SuppressWarnings("unchecked")
    private static void zadd(
            RedisClusterCommands<String, String> redis, String key, Map<String, Double> scored) {
        if (scored.isEmpty()) {
            return;
        }
        List<ScoredValue<String>> values = new ArrayList<>(scored.size());
        scored.forEach((member, score) -> values.add(ScoredValue.just(score, member)));
        redis.zadd(key, values.toArray(ScoredValue[]::new));
    }

    /**
     * Reads every partition of a topic from {@code from} (or its beginning) to the end offsets
     * taken when reading starts. Records written after that are left to the worker.
     */
    private void readTopic(
            String topic, Instant from, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            seekToStart(consumer, partitions, from);
            while (!reachedEnd(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    if (record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
                        handler.accept(record);
                    }
                }
            }
        }
    }

    private static void seekToStart(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Instant from) {
        consumer.seekToBeginning(partitions);
        if (from == null || from.toEpochMilli() <= 0) {
            return;
        }
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        partitions.forEach(p -> timestamps.put(p, from.toEpochMilli()));
        consumer.offsetsForTimes(timestamps)
                .forEach(
                        (partition, found) -> {
                            if (found != null) {
                                consumer.seek(partition, found.offset());
                            }
                        });
    }

    private static boolean reachedEnd(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (var entry : end.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(
            KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException(
                    "topic " + topic + " not found; nothing to rebuild from");
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "provisioning-rebuild-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(
                config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static ObjectNode parseObject(byte[] value, String entityId) {
        try {
            JsonNode node = JSON.readTree(value);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "changelog value of " + entityId + " is not JSON; the topic is damaged", e);
        }
        throw new IllegalStateException(
                "changelog value of " + entityId + " is not a JSON object; the topic is damaged");
    }
}
