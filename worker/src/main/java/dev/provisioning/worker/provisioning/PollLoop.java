package dev.provisioning.worker.provisioning;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * The one thread that owns the Kafka consumer: polls, hands records to the pipeline, commits
 * finished offsets, and pauses partitions when too much is in flight.
 *
 * <p>Offsets are committed only up to the lowest record not yet finished, and a partition's
 * committed offset only ever moves forward. Back-pressure pauses partitions but keeps polling, so
 * the group never evicts the worker for a slow Redis. On revocation the loop waits (bounded) for
 * the revoked partitions' records to finish, then commits them synchronously. Finished records
 * arrive from other threads through a queue; nothing else touches the consumer.
 */
final class PollLoop implements Intake, ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final RequestPipeline pipeline;
    private final IntakeSettings settings;
    private final PollLoopListener listener;
    private final OffsetTracker tracker = new OffsetTracker();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private boolean paused;
    private long lastCommitNanos;

    PollLoop(
            Consumer<byte[], byte[]> consumer,
            String topic,
            RequestPipeline pipeline,
            IntakeSettings settings,
            PollLoopListener listener) {
        this.consumer = consumer;
        this.topic = topic;
        this.pipeline = pipeline;
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
        finished.add(new Finished(partition, offset));
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), this);
            log.info("consuming topic={} maxInFlight={}", topic, settings.maxInFlight());
            while (running) {
                pollOnce(settings.pollTimeout());
            }
            drain();
        } catch (RuntimeException e) {
            log.error("poll loop failed, the worker stops consuming topic={}", topic, e);
            listener.failed(e);
        } finally {
            closeConsumer();
            stopped.countDown();
        }
    }

    private void pollOnce(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(timeout);
        } catch (WakeupException e) {
            return;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            tracker.started(
                    new TopicPartition(record.topic(), record.partition()), record.offset());
            inFlight.incrementAndGet();
            pipeline.submit(record);
        }
        applyFinished();
        commitIfDue(false);
        applyBackPressure();
        listener.polled(records.count(), inFlight.get(), paused ? consumer.paused().size() : 0);
    }

    private void applyFinished() {
        Finished item;
        while ((item = finished.poll()) != null) {
            tracker.finished(item.partition(), item.offset());
            inFlight.decrementAndGet();
        }
    }

    private void applyBackPressure() {
        int current = inFlight.get();
        if (!paused && current >= settings.maxInFlight()) {
            consumer.pause(consumer.assignment());
            paused = true;
            log.info(
                    "intake paused inFlight={} partitions={}",
                    current,
                    consumer.assignment().size());
        } else if (paused && current <= settings.maxInFlight() / 2) {
            consumer.resume(consumer.paused());
            paused = false;
            log.info("intake resumed inFlight={}", current);
        }
    }

    private void commitIfDue(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCommitNanos < settings.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = advancedOffsets(consumer.assignment());
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(
                offsets,
                (done, error) -> {
                    if (error != null) {
                        // The next commit carries the same or higher offsets, so nothing is lost.
                        log.warn(
                                "offset commit failed, the next one covers it: {}",
                                error.toString());
                    }
                });
    }

    private Map<TopicPartition, OffsetAndMetadata> advancedOffsets(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long next = tracker.committable(partition);
            Long last = committed.get(partition);
            if (next >= 0 && (last == null || next > last)) {
                offsets.put(partition, new OffsetAndMetadata(next));
                committed.put(partition, next);
            }
        }
        return offsets;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        log.info("partitions assigned topic={} partitions={}", topic, describe(partitions));
        if (!partitions.isEmpty()) {
            // Another worker may have changed these accounts since this one last saw them.
            pipeline.dropBillingRoutes();
        }
        if (paused) {
            consumer.pause(partitions);
        }
        listener.assigned(consumer.assignment().size());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        log.info("partitions revoked topic={} partitions={}", topic, describe(partitions));
        awaitFinished(partitions, settings.revokeTimeout());
        commitSync(new HashSet<>(partitions));
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        log.warn("partitions lost topic={} partitions={}", topic, describe(partitions));
        forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            // The near cache does not record which partition each account came from, so every
            // route goes. With Kafka's default assignors (RangeAssignor first, an eager
            // protocol) each rebalance revokes all partitions anyway, so a per-partition drop
            // would keep nothing more.
            pipeline.dropBillingRoutes();
        }
        for (TopicPartition partition : partitions) {
            inFlight.addAndGet(-tracker.pending(partition));
            tracker.remove(partition);
            committed.remove(partition);
        }
        listener.assigned(Math.max(0, consumer.assignment().size() - partitions.size()));
    }

    private void awaitFinished(Collection<TopicPartition> partitions, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            applyFinished();
            int pending = 0;
            for (TopicPartition partition : partitions) {
                pending += tracker.pending(partition);
            }
            if (pending == 0) {
                return;
            }
            sleepBriefly();
        }
        log.warn(
                "records still in flight after {} ms; the next owner of the partitions redoes them",
                timeout.toMillis());
    }

    private void commitSync(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = advancedOffsets(partitions);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, settings.revokeTimeout());
        } catch (RuntimeException e) {
            log.warn("offset commit failed; the next owner redoes uncommitted records", e);
        }
    }

    /** Stops intake, lets in-flight records finish within the deadline, then commits them. */
    private void drain() {
        consumer.pause(consumer.assignment());
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        log.info("draining inFlight={}", inFlight.get());
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                consumer.poll(Duration.ofMillis(50));
            } catch (WakeupException e) {
                // stop() may wake the consumer more than once; keep draining.
            }
            applyFinished();
            commitIfDue(false);
        }
        applyFinished();
        if (inFlight.get() > 0) {
            log.warn(
                    "shutdown deadline passed with inFlight={}; they are redone after restart",
                    inFlight.get());
        }
        commitSync(consumer.assignment());
    }

    private void closeConsumer() {
        try {
            consumer.close(settings.revokeTimeout());
        } catch (RuntimeException e) {
            log.warn("closing the consumer failed", e);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Collection<TopicPartition> partitions) {
        return partitions.stream()
                .map(p -> Integer.toString(p.partition()))
                .sorted()
                .toList()
                .toString();
    }

    private record Finished(TopicPartition partition, long offset) {}
}
