package dev.provisioning.worker.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends result, changelog and dead-letter records, and tells when Kafka has acknowledged all
 * records of one request.
 *
 * <p>{@code send} can block for up to {@code max.block.ms} while metadata is missing or the buffer
 * is full, so it runs on one dedicated thread and never on an event loop. That single thread also
 * keeps the send order of one account's records, which the idempotent producer then keeps on the
 * broker. A record the producer gives up on is sent again after a pause, until the publisher
 * closes.
 */
final class RecordPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordPublisher.class);
    private static final Duration RESEND_DELAY = Duration.ofSeconds(1);

    private final Producer<byte[], byte[]> producer;
    private final boolean transactional;
    private final ExecutorService sender;
    private final ScheduledExecutorService resender;
    private final ThrottledLog failures = new ThrottledLog(log, Duration.ofSeconds(30));
    private volatile boolean closed;

    /**
     * @param transactional whether the producer has a transactional.id; then a failed send fails
     *     the publish future instead of being resent, because the transaction must abort
     */
    RecordPublisher(Producer<byte[], byte[]> producer, boolean transactional) {
        this.producer = producer;
        this.transactional = transactional;
        this.sender = Executors.newSingleThreadExecutor(daemon("record-sender"));
        this.resender = Executors.newSingleThreadScheduledExecutor(daemon("record-resender"));
    }

    /**
     * Sends the records in order and completes once every one is acknowledged. The future never
     * fails while the publisher is open; it fails only when the publisher closes first.
     */
    CompletableFuture<Void> publish(List<ProducerRecord<byte[], byte[]>> records) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger remaining = new AtomicInteger(records.size());
        if (records.isEmpty()) {
            done.complete(null);
            return done;
        }
        sender.execute(() -> records.forEach(record -> send(record, remaining, done, 1)));
        return done;
    }

    private void send(
            ProducerRecord<byte[], byte[]> record,
            AtomicInteger remaining,
            CompletableFuture<Void> done,
            int attempt) {
        if (closed) {
            done.completeExceptionally(new IllegalStateException("record publisher closed"));
            return;
        }
        try {
            producer.send(
                    record,
                    (metadata, error) -> {
                        if (error == null) {
                            if (remaining.decrementAndGet() == 0) {
                                done.complete(null);
                            }
                            return;
                        }
                        retryLater(record, remaining, done, attempt, error);
                    });
        } catch (RuntimeException e) {
            retryLater(record, remaining, done, attempt, e);
        }
    }

    private void retryLater(
            ProducerRecord<byte[], byte[]> record,
            AtomicInteger remaining,
            CompletableFuture<Void> done,
            int attempt,
            Exception error) {
        if (transactional
                || error instanceof ProducerFencedException
                || error instanceof AuthorizationException) {
            log.error("sending to topic={} failed for good", record.topic(), error);
            done.completeExceptionally(error);
            return;
        }
        failures.warn("sending to topic=" + record.topic() + " failed, will resend", error);
        if (closed) {
            done.completeExceptionally(error);
            return;
        }
        // Limitation: a record resent after the producer gave up may land after a later record of
        // the same account, so result order can break when a broker stays away past
        // delivery.timeout.ms.
        resender.schedule(
                () -> sender.execute(() -> send(record, remaining, done, attempt + 1)),
                RESEND_DELAY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Initialises transactions and opens the first one, on the sender thread. */
    CompletableFuture<Void> initTransactions() {
        return onSender(
                () -> {
                    producer.initTransactions();
                    producer.beginTransaction();
                });
    }

    /**
     * Commits the open transaction with the consumed offsets, on the sender thread after every send
     * queued before it, then opens the next transaction. Fails if the commit failed; the caller
     * then calls {@link #abortTransaction()}.
     */
    CompletableFuture<Void> commitTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        return onSender(
                () -> {
                    if (!offsets.isEmpty()) {
                        producer.sendOffsetsToTransaction(offsets, group);
                    }
                    producer.commitTransaction();
                    producer.beginTransaction();
                });
    }

    /** Aborts the open transaction and opens the next one. */
    CompletableFuture<Void> abortTransaction() {
        return onSender(
                () -> {
                    producer.abortTransaction();
                    producer.beginTransaction();
                });
    }

    private CompletableFuture<Void> onSender(Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        sender.execute(
                () -> {
                    try {
                        action.run();
                        done.complete(null);
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                });
        return done;
    }

    /** Waits for queued sends to be handed to the producer, then flushes and closes it. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    void close(Duration timeout) {
        closed = true;
        resender.shutdownNow();
        sender.shutdown();
        try {
            sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout);
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
