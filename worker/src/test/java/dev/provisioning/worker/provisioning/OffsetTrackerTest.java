package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private final TopicPartition partition = new TopicPartition("requests", 0);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void committable_laterRecordFinishedFirst_staysBelowUnfinished() {
        tracker.started(partition, 10);
        tracker.started(partition, 11);
        tracker.started(partition, 12);

        tracker.finished(partition, 12);
        tracker.finished(partition, 11);

        assertThat(tracker.committable(partition)).isEqualTo(-1);
    }

    @Test
    void committable_prefixFinished_pointsPastPrefix() {
        tracker.started(partition, 10);
        tracker.started(partition, 11);
        tracker.started(partition, 12);

        tracker.finished(partition, 11);
        tracker.finished(partition, 10);

        assertThat(tracker.committable(partition)).isEqualTo(12);
        assertThat(tracker.pending(partition)).isEqualTo(1);
    }

    @Test
    void finished_revokedPartition_ignored() {
        tracker.started(partition, 5);
        tracker.remove(partition);

        tracker.finished(partition, 5);

        assertThat(tracker.committable(partition)).isEqualTo(-1);
        assertThat(tracker.pending(partition)).isZero();
    }

    @Test
    void finished_sameOffsetTwice_countedOnce() {
        tracker.started(partition, 1);
        tracker.started(partition, 2);

        tracker.finished(partition, 1);
        tracker.finished(partition, 1);

        assertThat(tracker.committable(partition)).isEqualTo(2);
        assertThat(tracker.pending(partition)).isEqualTo(1);
    }
}
