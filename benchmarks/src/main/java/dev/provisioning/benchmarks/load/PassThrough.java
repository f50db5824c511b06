package dev.provisioning.benchmarks.load;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.contracts.ResultStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka-only baselines: one thread consumes the request topic and produces one record per
 * request to the result topic, with the worker's client settings, committing offsets only after the
 * produced records are acknowledged (as the worker does).
 *
 * <p>{@link Mode#COPY} (B1a) copies key and value bytes unchanged. {@link Mode#JSON} (B1b) also
 * runs the worker's strict request decoder and encodes a result with the contract's codec, so it
 * does the JSON work of the worker without Redis and without changelog records.
 */
final class PassThrough implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PassThrough.class);
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

    /** A usage charge resource of typical size, so B1b's results are as long as the worker's. */
    private static final String CHARGE_JSON =
            "{\"usageId\":\"u-1\",\"accountId\":\"a1\",\"projectId\":\"prj-abcdefghijklmnopqrstu"
                    + "vwxyz\",\"billingAccountId\":\"ba-abcdefghijklmnopqrstuvwxyz\",\"kind\":"
                    + "\"PREPAID\",\"currency\":\"EUR\",\"amount\":\"0.0075\",\"quantity\":1,"
                    + "\"product\":\"sms.outbound\",\"balance\":\"99999.9925\",\"owed\":\"0\"}";

    enum Mode {
        COPY,
        JSON
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String resultTopic;
    private final Mode mode;
    private final RequestDecoder decoder = new RequestDecoder();
    private final ResultCodec codec = new ResultCodec();
    private final ArrayDeque<Batch> batches = new ArrayDeque<>();
    private final Map<TopicPartition, OffsetAndMetadata> finishedOffsets = new HashMap<>();
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private long lastCommitNanos;

    PassThrough(ClientSettings clients, String requestTopic, String resultTopic, Mode mode) {
        String name = "pass-through-" + mode.name().toLowerCase(java.util.Locale.ROOT);
        this.consumer = clients.groupConsumer(name + "-" + requestTopic);
        this.producer = clients.producer(name);
        this.resultTopic = resultTopic;
        this.mode = mode;
        consumer.subscribe(List.of(requestTopic));
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    forward(records);
                }
                commitFinishedBatches();
            }
        } catch (WakeupException e) {
            // close() woke the consumer to stop the loop.
        } catch (RuntimeException e) {
            log.error("pass-through {} failed and stopped", mode, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private void forward(ConsumerRecords<byte[], byte[]> records) {
        Batch batch = new Batch(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            byte[] value = mode == Mode.COPY ? record.value() : answer(record.value());
            producer.send(
                    new ProducerRecord<>(resultTopic, record.key(), value),
                    (metadata, error) -> {
                        if (error == null) {
                            batch.remaining.decrementAndGet();
                        } else {
                            log.warn("pass-through send failed: {}", error.toString());
                        }
                    });
            batch.offsets.put(
                    new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
        }
        batches.addLast(batch);
    }

    private byte[] answer(byte[] requestValue) {
        DecodedRequest decoded = decoder.decode(requestValue);
        if (!(decoded instanceof DecodedRequest.Accepted accepted)) {
            throw new IllegalStateException("generated request was not accepted: " + decoded);
        }
        ProvisioningRequest request = accepted.request();
        ProvisioningResult result =
                new ProvisioningResult(
                        ProvisioningRequest.SPEC_VERSION,
                        request.requestId(),
                        request.accountId(),
                        request.type().wireName(),
                        ResultStatus.SUCCEEDED,
                        ResultCode.OK,
                        null,
                        "usage charged to billing account ba-abcdefghijklmnopqrstuvwxyz",
                        List.of(),
                        null,
                        Instant.now());
        return codec.encode(result, CHARGE_JSON);
    }

    private void commitFinishedBatches() {
        while (!batches.isEmpty() && batches.peekFirst().remaining.get() == 0) {
            finishedOffsets.putAll(batches.pollFirst().offsets);
        }
        long now = System.nanoTime();
        if (!finishedOffsets.isEmpty() && now - lastCommitNanos >= COMMIT_INTERVAL.toNanos()) {
            consumer.commitAsync(Map.copyOf(finishedOffsets), null);
            finishedOffsets.clear();
            lastCommitNanos = now;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(15, TimeUnit.SECONDS)) {
                log.warn("pass-through {} did not stop within 15 s", mode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Batch {
        final AtomicInteger remaining;
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();

        Batch(int size) {
            remaining = new AtomicInteger(size);
        }
    }
}
