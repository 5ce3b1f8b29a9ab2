package io.metaspn.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class RocksDbMemoryTest {
    @Test
    void thePeakIsTheLargestReadingOfTheSharedCacheNotTheSumOverStores() {
        RocksDbMemory memory = new RocksDbMemory();

        memory.sample(Map.of(name("block-cache-usage", "state"), metric(10), name("block-cache-usage", "ids"),
                metric(10)));
        memory.sample(Map.of(name("block-cache-usage", "state"), metric(30), name("block-cache-usage", "ids"),
                metric(30)));
        memory.sample(Map.of(name("block-cache-usage", "state"), metric(20)));

        assertThat(memory.peakBytes()).hasValue(30);
    }

    @Test
    void withoutRocksDbMetricsThereIsNoReading() {
        RocksDbMemory memory = new RocksDbMemory();
        Map<MetricName, Metric> others = new LinkedHashMap<>();
        others.put(new MetricName("block-cache-usage", "stream-thread-metrics", "", Map.of()), metric(99));
        others.put(name("size-all-mem-tables", "state"), metric(5));

        memory.sample(others);

        assertThat(memory.peakBytes()).isEmpty();
    }

    private static MetricName name(String name, String store) {
        return new MetricName(name, RocksDbMemory.GROUP, "", Map.of("rocksdb-state-id", store));
    }

    private static Metric metric(long value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return null;
            }

            @Override
            public Object metricValue() {
                return java.math.BigInteger.valueOf(value);
            }
        };
    }
}
