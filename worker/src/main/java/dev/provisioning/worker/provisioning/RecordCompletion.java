package dev.provisioning.worker.provisioning;

import org.apache.kafka.common.TopicPartition;

/** Receives the news that a request record is fully handled: its answer is acknowledged. */
@FunctionalInterface
interface RecordCompletion {
    void finished(TopicPartition partition, long offset);
}
