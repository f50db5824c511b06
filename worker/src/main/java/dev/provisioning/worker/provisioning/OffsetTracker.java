package dev.provisioning.worker.provisioning;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Tracks, per partition, which polled offsets are finished, and so how far the group offset may be
 * committed: up to, never past, the lowest offset that is not finished.
 *
 * <p>Owned by the poll thread; other threads report finished records through a queue.
 */
final class OffsetTracker {
    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();

    /** Records that a polled record is now in flight; offsets arrive in increasing order. */
    void started(TopicPartition partition, long offset) {
        partitions.computeIfAbsent(partition, p -> new PartitionOffsets()).started(offset);
    }

    /** Marks a record finished; unknown partitions (revoked meanwhile) are ignored. */
    void finished(TopicPartition partition, long offset) {
        PartitionOffsets offsets = partitions.get(partition);
        if (offsets != null) {
            offsets.finished(offset);
        }
    }

    /** Returns the offset to commit for a partition (the next one to read), or -1 for none. */
    long committable(TopicPartition partition) {
        PartitionOffsets offsets = partitions.get(partition);
        return offsets == null ? -1 : offsets.committable;
    }

    /** Returns the number of records of the partition that are in flight. */
    int pending(TopicPartition partition) {
        PartitionOffsets offsets = partitions.get(partition);
        return offsets == null ? 0 : offsets.inFlight.size();
    }

    /** Forgets a partition after it was revoked or lost. */
    void remove(TopicPartition partition) {
        partitions.remove(partition);
    }

    Iterable<TopicPartition> partitions() {
        return partitions.keySet();
    }

    private static final class PartitionOffsets {
        private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
        private final Map<Long, long[]> byOffset = new HashMap<>();
        private long committable = -1;

        void started(long offset) {
            long[] entry = {offset, 0};
            inFlight.addLast(entry);
            byOffset.put(offset, entry);
        }

        void finished(long offset) {
            long[] entry = byOffset.remove(offset);
            if (entry == null) {
                return;
            }
            entry[1] = 1;
            while (!inFlight.isEmpty() && inFlight.peekFirst()[1] == 1) {
                committable = inFlight.pollFirst()[0] + 1;
            }
        }
    }
}
