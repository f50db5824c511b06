package dev.provisioning.worker.bootstrap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of some topics from positions fixed when it opens, with assigned partitions
 * and no offset commits, so it never joins a rebalance or moves another reader's offsets. The
 * thread that opens it owns it; other threads may only call {@link #wakeup()}.
 */
final class TopicReader implements AutoCloseable {
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

    /** Start position of reading in each partition. */
    enum Start {
        /** The end offsets at opening, so only records written later are read. */
        END,
        /** The first offset still stored. */
        BEGINNING
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> endOffsetsAtOpen;

    private TopicReader(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> endOffsetsAtOpen) {
        this.consumer = consumer;
        this.endOffsetsAtOpen = endOffsetsAtOpen;
    }

    /**
     * Assigns every partition of the topics and seeks to the start position.
     *
     * @param settings the bootstrap servers and pass-through Kafka client properties
     * @param groupId the consumer group id, or null for none; no offsets are ever committed
     * @throws MissingTopicException if a topic does not exist
     */
    static TopicReader open(
            WorkerSettings settings, String groupId, List<String> topics, Start start) {
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        consumerConfig(settings, groupId),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                partitions.addAll(partitionsOf(consumer, topic, settings.bootstrapServers()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> endOffsets =
                    Map.copyOf(consumer.endOffsets(partitions, METADATA_TIMEOUT));
            if (start == Start.END) {
                endOffsets.forEach(consumer::seek);
            } else {
                consumer.seekToBeginning(partitions);
            }
            return new TopicReader(consumer, endOffsets);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Returns the records that arrived within the timeout, possibly none. */
    List<ConsumerRecord<byte[], byte[]>> poll(Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        consumer.poll(timeout).forEach(records::add);
        return records;
    }

    /** Returns whether every partition has been read up to its end offset at opening. */
    boolean reachedEndOffsetsAtOpen() {
        for (Map.Entry<TopicPartition, Long> end : endOffsetsAtOpen.entrySet()) {
            if (consumer.position(end.getKey(), METADATA_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Makes a blocked or the next {@link #poll} throw {@code WakeupException}; any thread. */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    private static Map<String, Object> consumerConfig(WorkerSettings settings, String groupId) {
        Map<String, Object> config = new HashMap<>(settings.kafkaClientProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "provisioning-cli-reader");
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return config;
    }

    private static List<TopicPartition> partitionsOf(
            KafkaConsumer<byte[], byte[]> consumer, String topic, String bootstrapServers) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new MissingTopicException(topic, bootstrapServers, e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new MissingTopicException(topic, bootstrapServers, null);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        return partitions;
    }

    /** A topic that the broker does not list, or whose metadata timed out. */
    static final class MissingTopicException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingTopicException(String topic, String bootstrapServers, Throwable cause) {
            super(
                    "topic "
                            + topic
                            + " not found on "
                            + bootstrapServers
                            + " (or its metadata timed out); start the worker with `run`, which"
                            + " creates its topics, or check KAFKA_BOOTSTRAP_SERVERS and the"
                            + " PROVISIONING_*_TOPIC settings",
                    cause);
        }
    }
}
