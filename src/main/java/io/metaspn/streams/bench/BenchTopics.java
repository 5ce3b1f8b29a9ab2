package io.metaspn.streams.bench;

import io.metaspn.streams.kafka.ApplicationProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What a benchmark reads from the cluster: end offsets, committed offsets and committed record counts. */
public final class BenchTopics {
    private static final long POLL_MILLIS = 50;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private BenchTopics() {
    }

    /** The sum of the end offsets of each of {@code topics}' partitions, per topic, in the order given. */
    public static Map<String, Long> endOffsets(Admin admin, Collection<String> topics)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
            description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        Map<String, Long> sums = new LinkedHashMap<>();
        topics.forEach(topic -> sums.put(topic, 0L));
        admin.listOffsets(latest).all().get().forEach((partition, info) ->
                sums.merge(partition.topic(), info.offset(), Long::sum));
        return sums;
    }

    /** The sum of {@code group}'s committed offsets on {@code topic}'s partitions. */
    public static long committed(Admin admin, String group, String topic) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /**
     * Waits until {@code applicationId} committed offsets at the end of every partition of {@code topics}
     * ({@link ApplicationProgress#caughtUp}), printing on {@code progress} every few seconds how far it got on
     * {@code input} (of {@code total} records), and returns how long it waited.
     *
     * @throws IllegalStateException when {@code alive} turns false first (the application stopped)
     * @throws TimeoutException when {@code timeout} passes first
     */
    public static Duration awaitCaughtUp(Admin admin, String applicationId, List<String> topics, String input,
                                         long total, Duration timeout, BooleanSupplier alive, String label,
                                         PrintStream progress)
            throws InterruptedException, ExecutionException, TimeoutException {
        long start = System.nanoTime();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        while (!ApplicationProgress.caughtUp(admin, applicationId, topics)) {
            long now = System.nanoTime();
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(label + " stopped before it processed its input (see the log above)");
            }
            if (now - start > timeout.toNanos()) {
                throw new TimeoutException(label + " did not commit offsets at the end of " + topics + " within "
                        + timeout);
            }
            if (now >= nextProgress) {
                progress.printf(Locale.ROOT, "bench: %s: %d of %d input offsets committed after %.1f s%n", label,
                        committed(admin, applicationId, input), total, (now - start) / 1e9);
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            Thread.sleep(POLL_MILLIS);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * The committed records on {@code topic} from its first offsets ({@code read_committed}: aborted records and
     * transaction markers are not counted), read with a consumer of {@code clientConfig}.
     *
     * @throws TimeoutException when they could not all be read within {@code timeout}
     */
    public static long countCommitted(Map<String, Object> clientConfig, String topic, Duration timeout)
            throws TimeoutException {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, timeout).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("could not read " + topic + " to its end within " + timeout);
                }
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return count;
    }
}
