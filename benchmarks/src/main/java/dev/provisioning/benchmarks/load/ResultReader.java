package dev.provisioning.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one result topic on its own thread, matches each result to its request by the sequence in
 * its requestId, and records the latency from the request's intended send time into the current
 * {@link Phase}.
 *
 * <p>It also checks order: for each record key (the accountId), results must arrive in the order
 * their requests were sent, which is increasing sequence because one thread sends them all. The
 * send times live in an array indexed by sequence that the sender writes before each send.
 */
final class ResultReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultReader.class);
    private static final byte[] REQUEST_ID_FIELD =
            "\"requestId\":\"ld-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REJECTED_STATUS =
            "\"status\":\"REJECTED\"".getBytes(StandardCharsets.US_ASCII);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long firstSequence;
    private final AtomicLongArray intendedSendNanos;
    private final Map<String, Long> lastSequenceByKey = new HashMap<>();
    private final BitSet seen = new BitSet();
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Phase phase;
    private volatile boolean running = true;

    /**
     * Starts reading the topic from its beginning.
     *
     * @param firstSequence the lowest request sequence this reader will see
     * @param capacity how many sequences from the first it can track; 8 bytes each
     */
    ResultReader(ClientSettings clients, String topic, long firstSequence, int capacity) {
        this.firstSequence = firstSequence;
        this.intendedSendNanos = new AtomicLongArray(capacity);
        this.consumer = clients.reader("result-reader-" + topic);
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "result-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stores when a request was meant to be sent; called by the sender before it sends. */
    void intendedSend(long sequence, long nanos) {
        intendedSendNanos.set((int) (sequence - firstSequence), nanos);
    }

    /** Returns whether the reader can track a request of this sequence. */
    boolean tracks(long sequence) {
        return sequence >= firstSequence && sequence - firstSequence < intendedSendNanos.length();
    }

    void setPhase(Phase phase) {
        this.phase = phase;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    accept(record, now);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer to stop the loop.
        } catch (RuntimeException e) {
            log.error("result reader failed, results are no longer counted", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record, long now) {
        long sequence = sequenceOf(record.value());
        Phase current = phase;
        if (!tracks(sequence)) {
            return;
        }
        int index = (int) (sequence - firstSequence);
        boolean duplicate = seen.get(index);
        seen.set(index);
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        Long previous = lastSequenceByKey.put(key, sequence);
        if (current == null || !current.contains(sequence)) {
            return;
        }
        if (duplicate) {
            current.duplicates.incrementAndGet();
            return;
        }
        if (previous != null && previous > sequence) {
            current.orderViolations.incrementAndGet();
        }
        long latency = now - intendedSendNanos.get(index);
        current.recordResult(now, latency, indexOf(record.value(), REJECTED_STATUS, 0) >= 0);
    }

    /** Returns the sequence in the value's {@code "requestId":"ld-<n>"}, or -1 without one. */
    static long sequenceOf(byte[] value) {
        if (value == null) {
            return -1;
        }
        int start = indexOf(value, REQUEST_ID_FIELD, 0);
        if (start < 0) {
            return -1;
        }
        long sequence = 0;
        int digits = 0;
        for (int i = start + REQUEST_ID_FIELD.length; i < value.length; i++) {
            byte b = value[i];
            if (b < '0' || b > '9' || digits > 17) {
                break;
            }
            sequence = sequence * 10 + (b - '0');
            digits++;
        }
        return digits == 0 ? -1 : sequence;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("result reader did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
