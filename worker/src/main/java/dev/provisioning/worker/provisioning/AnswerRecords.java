package dev.provisioning.worker.provisioning;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.account.ChangelogEntry;
import dev.provisioning.worker.account.IdempotencyRecords;
import dev.provisioning.worker.account.StoreOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the records that answer one request record: its result, the changelog records of the
 * entities it changed, or a dead-letter record holding the original bytes.
 */
final class AnswerRecords {
    /** Dead-letter headers naming the error and where the record came from. */
    static final String ERROR_HEADER = "dlq.error";

    static final String MESSAGE_HEADER = "dlq.message";
    static final String TOPIC_HEADER = "dlq.source.topic";
    static final String PARTITION_HEADER = "dlq.source.partition";
    static final String OFFSET_HEADER = "dlq.source.offset";
    static final String TIMESTAMP_HEADER = "dlq.source.timestamp";

    /** Set instead of copying a value too large for the dead-letter topic: its size in bytes. */
    static final String OMITTED_HEADER = "dlq.value.omitted.bytes";

    /**
     * Largest key, value and source headers copied to the dead-letter topic. The topic takes
     * records up to {@link ProvisioningWorker#MAX_RECORD_BYTES}; 64 KiB stay free for the headers
     * added here and the record overhead.
     */
    static final int MAX_COPIED_BYTES = ProvisioningWorker.MAX_RECORD_BYTES - 64 * 1024;

    private final Topics topics;
    private final ResultCodec codec = new ResultCodec();

    AnswerRecords(Topics topics) {
        this.topics = topics;
    }

    /** Answers a request the store decided: the result, then one changelog record per entity. */
    List<ProducerRecord<byte[], byte[]>> forOutcome(
            ConsumerRecord<byte[], byte[]> source,
            ProvisioningRequest request,
            StoreOutcome outcome) {
        ProvisioningResult result =
                new ProvisioningResult(
                        ProvisioningRequest.SPEC_VERSION,
                        request.requestId(),
                        request.accountId(),
                        request.type().wireName(),
                        outcome.status(),
                        outcome.code(),
                        outcome.reason(),
                        outcome.message(),
                        List.of(),
                        null,
                        Instant.parse(outcome.processedAt()));
        List<ProducerRecord<byte[], byte[]>> records =
                new ArrayList<>(1 + outcome.changelog().size());
        ProducerRecord<byte[], byte[]> resultRecord =
                resultRecord(request.accountId(), codec.encode(result, outcome.resourceJson()));
        addRebuildHeaders(resultRecord, request, outcome);
        records.add(resultRecord);
        for (ChangelogEntry entry : outcome.changelog()) {
            records.add(
                    new ProducerRecord<>(
                            topics.changelog(),
                            utf8(entry.entityId()),
                            entry.stateJson().isEmpty() ? null : utf8(entry.stateJson())));
        }
        return records;
    }

    /**
     * Adds what the result body lacks for a rebuild of the idempotency record from the result
     * topic: the request's fingerprint and the ids of the entities it changed.
     */
    private static void addRebuildHeaders(
            ProducerRecord<byte[], byte[]> record,
            ProvisioningRequest request,
            StoreOutcome outcome) {
        List<String> changed = new ArrayList<>(outcome.changelog().size());
        outcome.changelog().forEach(entry -> changed.add(entry.entityId()));
        record.headers().add(IdempotencyRecords.FINGERPRINT_HEADER, utf8(request.fingerprint()));
        record.headers().add(IdempotencyRecords.CHANGED_HEADER, utf8(String.join(",", changed)));
    }

    /**
     * Answers a request rejected before any state was read. Its processedAt is the record's
     * timestamp, so a redelivered record gets a byte-identical answer without any stored state.
     */
    ProducerRecord<byte[], byte[]> rejected(
            ConsumerRecord<byte[], byte[]> source, DecodedRequest.Rejected rejected) {
        ProvisioningResult result =
                new ProvisioningResult(
                        ProvisioningRequest.SPEC_VERSION,
                        rejected.requestId(),
                        rejected.accountId(),
                        rejected.type(),
                        ResultStatus.REJECTED,
                        rejected.reason().code(),
                        rejected.reason().name(),
                        rejected.message(),
                        rejected.violations(),
                        null,
                        Instant.ofEpochMilli(Math.max(0, source.timestamp())));
        String key =
                source.key() != null
                        ? new String(source.key(), StandardCharsets.UTF_8)
                        : rejected.accountId();
        return resultRecord(key, codec.encode(result));
    }

    /**
     * Copies an unreadable record to the dead-letter topic with headers naming the error. A record
     * too large for that topic is sent without its value, and the value's size goes in a header,
     * because a copy the broker rejects would be resent forever and hold up the partition. The
     * source offset headers still point at the original.
     */
    ProducerRecord<byte[], byte[]> deadLetter(
            ConsumerRecord<byte[], byte[]> source, String error, String message) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.headers()) {
            headers.add(header);
        }
        byte[] value = source.value();
        if (copiedBytes(source) > MAX_COPIED_BYTES) {
            headers.add(OMITTED_HEADER, utf8(Integer.toString(value.length)));
            value = null;
        }
        headers.add(ERROR_HEADER, utf8(error));
        headers.add(MESSAGE_HEADER, utf8(message));
        headers.add(TOPIC_HEADER, utf8(source.topic()));
        headers.add(PARTITION_HEADER, utf8(Integer.toString(source.partition())));
        headers.add(OFFSET_HEADER, utf8(Long.toString(source.offset())));
        headers.add(TIMESTAMP_HEADER, utf8(Long.toString(source.timestamp())));
        return new ProducerRecord<>(topics.deadLetters(), null, source.key(), value, headers);
    }

    private static long copiedBytes(ConsumerRecord<byte[], byte[]> source) {
        long size = Math.max(0L, source.serializedKeySize());
        size += Math.max(0L, source.serializedValueSize());
        for (Header header : source.headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private ProducerRecord<byte[], byte[]> resultRecord(String accountId, byte[] value) {
        return new ProducerRecord<>(
                topics.results(), accountId == null ? null : utf8(accountId), value);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
