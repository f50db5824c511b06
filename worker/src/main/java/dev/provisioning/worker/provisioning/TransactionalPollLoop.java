package dev.provisioning.worker.provisioning;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once intake: each polled batch is answered inside one Kafka transaction that also
 * carries the batch's consumer offsets, so a {@code read_committed} reader sees every result and
 * changelog record exactly once.
 *
 * <p>One batch at a time: poll, hand every record to the pipeline (accounts still run concurrently
 * within the batch), wait until all are answered, then commit the transaction with the offsets and
 * the consumer's group metadata, which fences a worker that lost its partitions. When a commit
 * fails, the transaction is aborted once the pipeline is idle and the consumer rewinds to the
 * committed offsets; Redis then repeats the stored outcomes, so the redone batch gives the same
 * answers. Owns the consumer; other threads only report finished records.
 */
final class TransactionalPollLoop implements Intake, ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(TransactionalPollLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final RequestPipeline pipeline;
    private final RecordPublisher publisher;
    private final IntakeSettings settings;
    private final PollLoopListener listener;
    private final ConcurrentLinkedQueue<Long> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    TransactionalPollLoop(
            Consumer<byte[], byte[]> consumer,
            String topic,
            RequestPipeline pipeline,
            RecordPublisher publisher,
            IntakeSettings settings,
            PollLoopListener listener) {
        this.consumer = consumer;
        this.topic = topic;
        this.pipeline = pipeline;
        this.publisher = publisher;
        this.settings = settings;
        this.listener = listener;
    }

    @Override
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void finished(TopicPartition partition, long offset) {
        finished.add(offset);
    }

    @Override
    public void run() {
        try {
            await(publisher.initTransactions());
            consumer.subscribe(List.of(topic), this);
            log.info("consuming topic={} with transactions", topic);
            while (running) {
                ConsumerRecords<byte[], byte[]> records = poll();
                if (!records.isEmpty()) {
                    answerBatch(records);
                }
                listener.polled(records.count(), inFlight.get(), 0);
            }
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            log.error("transactional intake failed, the worker stops consuming topic={}", topic, e);
            listener.failed(e instanceof Exception ex ? ex : new IllegalStateException(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConsumer();
            stopped.countDown();
        }
    }

    private ConsumerRecords<byte[], byte[]> poll() {
        try {
            return consumer.poll(settings.pollTimeout());
        } catch (WakeupException e) {
            return ConsumerRecords.empty();
        }
    }

    private void answerBatch(ConsumerRecords<byte[], byte[]> records)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            next.put(
                    new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
            inFlight.incrementAndGet();
            pipeline.submit(record);
        }
        if (!awaitIdle(running ? null : settings.shutdownTimeout())) {
            abortAndRewind("records still in flight at shutdown");
            return;
        }
        try {
            await(publisher.commitTransaction(next, consumer.groupMetadata()));
        } catch (ExecutionException e) {
            log.warn("transaction commit failed, redoing the batch: {}", e.getCause().toString());
            abortAndRewind("commit failed");
        }
    }

    /** Waits until every submitted record is answered; a null timeout waits while running. */
    private boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (true) {
            while (finished.poll() != null) {
                inFlight.decrementAndGet();
            }
            if (inFlight.get() == 0) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            if (!running && timeout == null) {
                deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
                timeout = settings.shutdownTimeout();
            }
            Thread.sleep(2);
        }
    }

    private void abortAndRewind(String reason)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (!awaitIdle(settings.shutdownTimeout())) {
            throw new IllegalStateException(
                    "cannot abort the transaction safely: "
                            + inFlight.get()
                            + " records still in"
                            + " flight after "
                            + reason);
        }
        await(publisher.abortTransaction());
        Map<TopicPartition, OffsetAndMetadata> committed =
                consumer.committed(consumer.assignment());
        for (TopicPartition partition : consumer.assignment()) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        }
        log.info("transaction aborted ({}); batch will be redone", reason);
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        future.get(2, TimeUnit.MINUTES);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        log.info("partitions assigned topic={} count={}", topic, partitions.size());
        pipeline.dropBillingRoutes();
        listener.assigned(consumer.assignment().size());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Batches are committed before the next poll, so nothing of these partitions is open.
        log.info("partitions revoked topic={} count={}", topic, partitions.size());
        pipeline.dropBillingRoutes();
        listener.assigned(Math.max(0, consumer.assignment().size() - partitions.size()));
    }

    private void closeConsumer() {
        try {
            consumer.close(settings.revokeTimeout());
        } catch (RuntimeException e) {
            log.warn("closing the consumer failed", e);
        }
    }
}
