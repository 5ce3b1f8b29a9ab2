package io.metaspn.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Restoring store partitions and records, per stage, from the restore listener's calls. */
class RestoreProgressTest {
    private static final TopicPartition STATE_0 = new TopicPartition("app-m1-state-changelog", 0);
    private static final TopicPartition STATE_1 = new TopicPartition("app-m1-state-changelog", 1);
    private static final TopicPartition IDS_0 = new TopicPartition("app-m1-processed-signals-changelog", 0);
    private static final TopicPartition M2_0 = new TopicPartition("app-m2-state-changelog", 0);

    @Test
    void countsWhatIsRestoringAndWhatWasRestoredPerStage() {
        RestoreProgress progress = new RestoreProgress();
        assertThat(progress.allRestored()).isTrue();

        progress.onRestoreStart(STATE_0, "m1-state", 10, 110);
        progress.onRestoreStart(IDS_0, "m1-processed-signals", 0, 50);
        progress.onRestoreStart(M2_0, "m2-state", 0, 7);
        progress.onBatchRestored(STATE_0, "m1-state", 40, 30);

        assertThat(progress.allRestored()).isFalse();
        assertThat(progress.restoringPartitions()).isEqualTo(3);
        assertThat(progress.remainingRecords("m1")).isEqualTo(70 + 50);
        assertThat(progress.restoredRecords("m1")).isEqualTo(30);
        assertThat(progress.remainingRecords("m2")).isEqualTo(7);

        progress.onBatchRestored(IDS_0, "m1-processed-signals", 50, 50);
        progress.onRestoreEnd(IDS_0, "m1-processed-signals", 50);
        progress.onRestoreSuspended(M2_0, "m2-state", 0);
        progress.onRestoreStart(STATE_1, "m1-state", 0, 0);
        progress.onRestoreEnd(STATE_1, "m1-state", 0);

        assertThat(progress.restoringPartitions()).as("m1-state partition 0 only").isEqualTo(1);
        assertThat(progress.remainingRecords("m1")).isEqualTo(70);
        assertThat(progress.restoredRecords("m1")).isEqualTo(80);
        assertThat(progress.remainingRecords("m2")).isZero();

        progress.onBatchRestored(STATE_0, "m1-state", 110, 70);
        progress.onRestoreEnd(STATE_0, "m1-state", 100);
        assertThat(progress.allRestored()).isTrue();
        assertThat(progress.restoredRecords("m1")).isEqualTo(150);
    }
}
