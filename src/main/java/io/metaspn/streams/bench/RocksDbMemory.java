package io.metaspn.streams.bench;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The peak off-heap memory of an application's RocksDB stores, sampled from Kafka Streams' RocksDB metrics
 * (KIP-607, group {@code stream-state-metrics}). The application bounds all its stores by one block cache that the
 * memtables and the index and filter blocks are charged to; every store reports that same cache, hence the largest
 * reading, not the sum. The cache is the process's ({@code BoundedMemoryRocksDBConfig}): blocks of applications
 * closed before stay in it until evicted, so the reading is an upper bound of this application's own memory.
 */
public final class RocksDbMemory {
    static final String GROUP = "stream-state-metrics";
    static final String USAGE = "block-cache-usage";

    private long peakUsage = -1;

    /** Takes one reading of {@code metrics} (an application's {@code KafkaStreams#metrics()}). */
    public void sample(Map<MetricName, ? extends Metric> metrics) {
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName name = entry.getKey();
            if (GROUP.equals(name.group()) && USAGE.equals(name.name())) {
                peakUsage = Math.max(peakUsage, bytes(entry.getValue()));
            }
        }
    }

    /** The largest block cache usage read, if any store reported one. */
    public OptionalLong peakBytes() {
        return peakUsage < 0 ? OptionalLong.empty() : OptionalLong.of(peakUsage);
    }

    private static long bytes(Metric metric) {
        Object value = metric.metricValue();
        return value instanceof Number number ? number.longValue() : -1;
    }
}
