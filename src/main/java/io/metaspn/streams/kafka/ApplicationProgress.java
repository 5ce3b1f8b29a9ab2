package io.metaspn.streams.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether an application has consumed everything on its input: its committed offsets have reached
 * the end of every non-empty partition. Under exactly-once, its outputs for that input are then
 * committed too.
 */
public final class ApplicationProgress {
    private ApplicationProgress() {
    }

    /** Whether {@code applicationId} committed offsets at the end of every non-empty partition of {@code topics}. */
    public static boolean caughtUp(Admin admin, String applicationId, List<String> topics)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
            description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        for (var entry : admin.listOffsets(latest).all().get().entrySet()) {
            long end = entry.getValue().offset();
            OffsetAndMetadata done = committed.get(entry.getKey());
            if (end > 0 && (done == null || done.offset() < end)) {
                return false;
            }
        }
        return true;
    }

    /** Waits until {@link #caughtUp}; false when {@code timeout} passed first. */
    public static boolean awaitCaughtUp(Admin admin, String applicationId, List<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException {
        Instant deadline = Instant.now().plus(timeout);
        while (!caughtUp(admin, applicationId, topics)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
