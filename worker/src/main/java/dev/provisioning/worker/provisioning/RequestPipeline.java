package dev.provisioning.worker.provisioning;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.contracts.Violation;
import dev.provisioning.contracts.payload.UsageRecord;
import dev.provisioning.worker.account.AccountStore;
import dev.provisioning.worker.account.StoreOutcome;
import dev.provisioning.worker.billing.BillingRoute;
import dev.provisioning.worker.billing.BillingRoutes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes polled request records through decode, the atomic store call and publishing, keeping the
 * order of each account's requests while different accounts run concurrently.
 *
 * <p>Each record key (the accountId) has a lane: a queue of its records of which one at a time is
 * at the store. A lane moves on as soon as the store has decided, while the answer is still being
 * published; Kafka keeps the answers in order because one thread sends them. A record is reported
 * finished once its answer is acknowledged. All lane state is owned by the Vert.x context given at
 * construction; {@link #submit} may be called from any thread.
 *
 * <p>A usage record takes its billing route from the near cache as a hint for the store, which
 * verifies it in the same atomic call; every decided request then updates the near cache.
 */
final class RequestPipeline {
    private static final Logger log = LoggerFactory.getLogger(RequestPipeline.class);

    private final Vertx vertx;
    private final Context context;
    private final AccountStore store;
    private final BillingRoutes billingRoutes;
    private final RequestDecoder decoder = new RequestDecoder();
    private final AnswerRecords answers;
    private final RecordPublisher publisher;
    private final RecordCompletion completion;
    private final PipelineListener listener;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final ThrottledLog storeFailures = new ThrottledLog(log, Duration.ofSeconds(30));
    private boolean stopping;

    RequestPipeline(
            Vertx vertx,
            Context context,
            AccountStore store,
            BillingRoutes billingRoutes,
            AnswerRecords answers,
            RecordPublisher publisher,
            RecordCompletion completion,
            PipelineListener listener,
            Clock clock,
            RetryPolicy retry) {
        this.vertx = vertx;
        this.context = context;
        this.store = store;
        this.billingRoutes = billingRoutes;
        this.answers = answers;
        this.publisher = publisher;
        this.completion = completion;
        this.listener = listener;
        this.clock = clock;
        this.retry = retry;
    }

    /** Queues a polled record on its account's lane. Safe to call from the poll thread. */
    void submit(ConsumerRecord<byte[], byte[]> record) {
        context.runOnContext(ignored -> enqueue(record));
    }

    /**
     * Drops every cached billing route, so that routes of accounts whose partition moved are never
     * reused. The poll thread calls this when partitions are revoked, lost or assigned.
     */
    void dropBillingRoutes() {
        billingRoutes.clear();
    }

    /** Stops retrying the store, so lanes drain or give up; called when the worker stops. */
    void stop() {
        context.runOnContext(ignored -> stopping = true);
    }

    private void enqueue(ConsumerRecord<byte[], byte[]> record) {
        String laneKey =
                record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        Lane lane = lanes.computeIfAbsent(laneKey, Lane::new);
        lane.queue.addLast(record);
        if (!lane.busy) {
            runNext(lane);
        }
    }

    // Limitation: a lane sends an account's next request only after the previous one's Redis
    // reply, so one account is capped at one script round trip at a time. Under a skewed stream
    // the hottest accounts therefore bound the worker's throughput (docs/load-harness.md).
    private void runNext(Lane lane) {
        ConsumerRecord<byte[], byte[]> record = lane.queue.pollFirst();
        if (record == null) {
            lane.busy = false;
            lanes.remove(lane.key);
            return;
        }
        lane.busy = true;
        long startNanos = System.nanoTime();
        handle(record)
                .onComplete(
                        outcome -> {
                            listener.handled(outcome.result(), System.nanoTime() - startNanos);
                            runNext(lane);
                        });
    }

    /**
     * Decides one record and starts publishing its answer. The future completes once the next
     * record of the account may go ahead; it never fails.
     */
    private Future<Handled> handle(ConsumerRecord<byte[], byte[]> record) {
        DecodedRequest decoded = decoder.decode(record.value());
        return switch (decoded) {
            case DecodedRequest.Unreadable unreadable -> {
                log.debug(
                        "record unreadable topic={} partition={} offset={} error={}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        unreadable.error());
                publish(
                        record,
                        List.of(
                                answers.deadLetter(
                                        record, unreadable.error(), unreadable.message())));
                yield Future.succeededFuture(Handled.deadLetter(unreadable.error()));
            }
            case DecodedRequest.Rejected rejected -> {
                publish(record, List.of(answers.rejected(record, rejected)));
                yield Future.succeededFuture(Handled.rejected(rejected.type(), rejected.reason()));
            }
            case DecodedRequest.Accepted accepted -> apply(record, accepted.request());
        };
    }

    private Future<Handled> apply(
            ConsumerRecord<byte[], byte[]> record, ProvisioningRequest request) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!request.accountId().equals(key)) {
            DecodedRequest.Rejected mismatch =
                    new DecodedRequest.Rejected(
                            request.requestId(),
                            request.accountId(),
                            request.type().wireName(),
                            Reason.KEY_MISMATCH,
                            "the record key must equal accountId, so that one account's requests"
                                    + " stay in order on one partition",
                            List.of(new Violation("accountId", "must equal the record key")));
            publish(record, List.of(answers.rejected(record, mismatch)));
            return Future.succeededFuture(Handled.rejected(mismatch.type(), mismatch.reason()));
        }
        Instant now = clock.instant();
        BillingRoute hint = billingHint(request);
        Promise<Handled> handled = Promise.promise();
        applyWithRetry(record, request, now, hint, 1, handled);
        return handled.future();
    }

    private BillingRoute billingHint(ProvisioningRequest request) {
        if (!(request.payload() instanceof UsageRecord usage)) {
            return null;
        }
        return billingRoutes.lookup(request.accountId(), usage.projectId(), usage.subprojectId());
    }

    /** Keeps the near cache in step with what the store just decided. */
    private void updateBillingRoutes(ProvisioningRequest request, StoreOutcome outcome) {
        if (request.payload() instanceof UsageRecord usage) {
            String entityId =
                    usage.subprojectId() != null ? usage.subprojectId() : usage.projectId();
            billingRoutes.afterCharge(entityId, outcome.hintCheck(), outcome.resolvedRoute());
        } else if (outcome.status() == ResultStatus.SUCCEEDED) {
            billingRoutes.afterChange(request);
        }
    }

    private void applyWithRetry(
            ConsumerRecord<byte[], byte[]> record,
            ProvisioningRequest request,
            Instant now,
            BillingRoute hint,
            int attempt,
            Promise<Handled> handled) {
        long startNanos = System.nanoTime();
        store.apply(request, now, hint)
                .onSuccess(
                        outcome -> {
                            listener.storeCall(System.nanoTime() - startNanos, true);
                            updateBillingRoutes(request, outcome);
                            storeFailures.recovered("Redis calls succeed again");
                            log.debug(
                                    "request decided requestId={} accountId={} type={} code={}"
                                            + " replayed={}",
                                    request.requestId(),
                                    request.accountId(),
                                    request.type(),
                                    outcome.code(),
                                    outcome.replayed());
                            publish(record, answers.forOutcome(record, request, outcome));
                            handled.complete(Handled.applied(request, outcome));
                        })
                .onFailure(
                        failure -> {
                            listener.storeCall(System.nanoTime() - startNanos, false);
                            retryOrGiveUp(record, request, now, hint, attempt, handled, failure);
                        });
    }

    private void retryOrGiveUp(
            ConsumerRecord<byte[], byte[]> record,
            ProvisioningRequest request,
            Instant now,
            BillingRoute hint,
            int attempt,
            Promise<Handled> handled,
            Throwable failure) {
        boolean transientFailure = Failures.isTransient(failure);
        if (stopping) {
            // The offset stays uncommitted, so the next owner of the partition applies it.
            log.info(
                    "request abandoned at shutdown requestId={} partition={} offset={}",
                    request.requestId(),
                    record.partition(),
                    record.offset());
            handled.complete(Handled.abandoned());
            return;
        }
        if (!transientFailure && attempt >= retry.maxAttemptsForErrors()) {
            log.error(
                    "request failed for good, sending it to the dead-letter topic requestId={}"
                            + " accountId={} partition={} offset={} attempt={}",
                    request.requestId(),
                    request.accountId(),
                    record.partition(),
                    record.offset(),
                    attempt,
                    failure);
            publish(
                    record,
                    List.of(
                            answers.deadLetter(
                                    record,
                                    "PROCESSING_FAILED",
                                    String.valueOf(failure.getMessage()))));
            handled.complete(Handled.deadLetter("PROCESSING_FAILED"));
            return;
        }
        storeFailures.warn(
                "Redis call failed, retrying requestId="
                        + request.requestId()
                        + " accountId="
                        + request.accountId()
                        + " attempt="
                        + attempt,
                failure);
        long delayMillis = retry.delayMillis(attempt, ThreadLocalRandom.current());
        vertx.setTimer(
                delayMillis,
                id -> applyWithRetry(record, request, now, hint, attempt + 1, handled));
    }

    private void publish(
            ConsumerRecord<byte[], byte[]> record,
            List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long offset = record.offset();
        publisher
                .publish(records)
                .whenComplete(
                        (ignored, error) -> {
                            if (error == null) {
                                completion.finished(partition, offset);
                            }
                        });
    }

    /** Returns the number of accounts with queued or running requests; for tests and metrics. */
    int activeLanes() {
        return lanes.size();
    }

    private static final class Lane {
        final String key;
        final ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = new ArrayDeque<>();
        boolean busy;

        Lane(String key) {
            this.key = key;
        }
    }
}
