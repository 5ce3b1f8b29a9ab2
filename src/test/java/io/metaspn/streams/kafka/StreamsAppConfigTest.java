package io.metaspn.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class StreamsAppConfigTest {

    @Test
    void defaultsAreExactlyOnceExplicitNamesDeadLettersAndBoundedRocksDb() {
        Properties props = StreamsAppConfig.streamsProperties(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092"));

        assertThat(props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(props.getProperty("ensure.explicit.internal.resource.naming")).isEqualTo("true");
        assertThat(props.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterHandler.class.getName());
        assertThat(props.getProperty(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterHandler.class.getName());
        assertThat(props.getProperty(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(BoundedMemoryRocksDBConfig.class.getName());
        assertThat(props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("b:9092");
        assertThat(StreamsAppConfig.streamsProperties(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once"))
                .getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("at_least_once");
    }

    @Test
    void everyStoreSharesOneWriteBufferManagerUnderTheBudget() {
        RocksDB.loadLibrary();
        BoundedMemoryRocksDBConfig setter = new BoundedMemoryRocksDBConfig();
        try (Options first = new Options(); Options second = new Options()) {
            first.setTableFormatConfig(new BlockBasedTableConfig());
            second.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("a", first, Map.of(MetaspnConfig.ROCKSDB_MEMORY_BYTES, "8388608"));
            setter.setConfig("b", second, Map.of(MetaspnConfig.ROCKSDB_MEMORY_BYTES, "8388608"));

            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
            assertThat(BoundedMemoryRocksDBConfig.budget()).isPositive();
            assertThat(((BlockBasedTableConfig) first.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
        }
    }
}
