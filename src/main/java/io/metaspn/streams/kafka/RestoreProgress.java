package io.metaspn.streams.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Which state stores are being restored from their changelogs, and how far: the application's global restore
 * listener. Kafka Streams 4 runs a client whose tasks still restore (on the state updater thread) in state
 * RUNNING, so "running" alone does not mean "all state is here"; this does. Counts are per stage (a store
 * belongs to the stage its name starts with, {@code m1-state} to {@code m1}).
 *
 * <p>Called on Kafka Streams' threads, read from any thread.
 */
public final class RestoreProgress implements StateRestoreListener {
    /** Records still to restore per changelog partition (the key: store and partition). */
    private final Map<String, Remaining> restoring = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> restoredByStage = new ConcurrentHashMap<>();

    private record Remaining(String stage, AtomicLong records) {
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        restoring.put(key(partition, storeName), new Remaining(stageOf(storeName),
                new AtomicLong(Math.max(0, endingOffset - startingOffset))));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        Remaining remaining = restoring.get(key(partition, storeName));
        if (remaining != null) {
            remaining.records().updateAndGet(left -> Math.max(0, left - numRestored));
        }
        restoredByStage.computeIfAbsent(stageOf(storeName), stage -> new AtomicLong()).addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(key(partition, storeName));
    }

    /** The task moved to another instance (or was closed) before its restoration ended. */
    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(key(partition, storeName));
    }

    /** Whether no store partition of this instance is being restored now. */
    public boolean allRestored() {
        return restoring.isEmpty();
    }

    /** How many store partitions of this instance are being restored now. */
    public int restoringPartitions() {
        return restoring.size();
    }

    /** The changelog records {@code stage}'s stores restored on this instance since it started. */
    public long restoredRecords(String stage) {
        AtomicLong restored = restoredByStage.get(stage);
        return restored == null ? 0 : restored.get();
    }

    /**
     * The changelog records {@code stage}'s stores still have to restore on this instance (an estimate: the
     * changelog's end when restoring started, minus what was restored since; transaction markers count too).
     */
    public long remainingRecords(String stage) {
        long remaining = 0;
        for (Remaining partition : restoring.values()) {
            if (partition.stage().equals(stage)) {
                remaining += partition.records().get();
            }
        }
        return remaining;
    }

    private static String key(TopicPartition partition, String storeName) {
        return storeName + "@" + partition.partition();
    }

    private static String stageOf(String storeName) {
        return StageTopics.stageOfNode(storeName);
    }
}
