package io.metaspn.streams.kafka;

import io.metaspn.streams.game.reference.ReferenceGames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.stages.M4Rewards;
import io.metaspn.streams.stages.Stage;
import java.time.Duration;
import java.util.List;
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
    void settingsDefaultToAllStagesAndReadEveryMetaspnKey() {
        StreamsSettings defaults = StreamsAppConfig.settings(Map.of());
        StreamsSettings custom = StreamsAppConfig.settings(Map.of(
                StreamsSettings.STAGES, "m1, m4",
                StreamsSettings.TOPIC_PREFIX, "acme",
                StreamsSettings.TOPIC_VERSION, "v2",
                StreamsAppConfig.REPARTITION_BY_ENTITY, "false",
                StreamsAppConfig.DEDUP_RETENTION, "P1D",
                StreamsAppConfig.AUTO_REGISTER_SCHEMAS, "true",
                ReferenceGames.M4_PREFIX + ReferenceGames.M4_ENABLE, "true",
                ReferenceGames.M4_PREFIX + ReferenceGames.M4_THRESHOLD, "10"));

        assertThat(defaults.stages()).extracting(Stage::shortName).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(defaults.repartitionByEntity()).isTrue();
        assertThat(defaults.autoRegisterSchemas()).isFalse();
        assertThat(defaults.dedupRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(custom.stages()).extracting(Stage::shortName).containsExactly("m1", "m4");
        assertThat(custom.topics(custom.stages().get(0)).signals()).isEqualTo("acme.m1.signals.v2");
        assertThat(custom.repartitionByEntity()).isFalse();
        assertThat(custom.dedupRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(custom.autoRegisterSchemas()).isTrue();
        assertThat(m4Config(custom.stages().get(1))).isEqualTo(new M4Rewards.Config(true, 1.25, 10));
        assertThat(StreamsAppConfig.settings(Map.of(StreamsAppConfig.DEDUP_RETENTION, "60000")).dedupRetention())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void badSettingsAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> StreamsAppConfig.settings(Map.of(StreamsSettings.STAGES, "m9")))
                .hasMessageContaining("unknown stage 'm9'");
        assertThatThrownBy(() -> StreamsAppConfig.settings(Map.of(StreamsSettings.STAGES, " , ")))
                .hasMessageContaining(StreamsSettings.STAGES);
        assertThatThrownBy(() -> StreamsAppConfig.settings(Map.of(StreamsAppConfig.REPARTITION_BY_ENTITY, "yes")))
                .hasMessageContaining(StreamsAppConfig.REPARTITION_BY_ENTITY);
        assertThatThrownBy(() -> StreamsAppConfig.settings(Map.of(StreamsAppConfig.DEDUP_RETENTION, "a week")))
                .hasMessageContaining(StreamsAppConfig.DEDUP_RETENTION);
    }

    @Test
    void everyStoreSharesOneWriteBufferManagerUnderTheBudget() {
        RocksDB.loadLibrary();
        BoundedMemoryRocksDBConfig setter = new BoundedMemoryRocksDBConfig();
        try (Options first = new Options(); Options second = new Options()) {
            first.setTableFormatConfig(new BlockBasedTableConfig());
            second.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("a", first, Map.of(BoundedMemoryRocksDBConfig.MEMORY_BYTES, "8388608"));
            setter.setConfig("b", second, Map.of(BoundedMemoryRocksDBConfig.MEMORY_BYTES, "8388608"));

            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
            assertThat(BoundedMemoryRocksDBConfig.budget()).isPositive();
            assertThat(((BlockBasedTableConfig) first.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
        }
    }

    /** The config M4 runs with, as its staker allocation reports it. */
    @SuppressWarnings("unchecked")
    private static M4Rewards.Config m4Config(io.metaspn.streams.game.GameBinding<?, ?> stage) {
        var m4 = (io.metaspn.streams.game.GameBinding<M4Rewards.Season, M4Rewards.RewardsState>) stage;
        var season = new M4Rewards.Season("s", 1.0, List.of(new M4Rewards.Game("g", 1.0,
                List.of(new M4Rewards.Staker("a", 1.0, 1)))));
        return m4.engine().process(io.metaspn.streams.engine.Signal.of(season, java.time.Instant.EPOCH, "t", "x"))
                .stream().map(io.metaspn.streams.engine.Emission::payload)
                .filter(M4Rewards.StakerAllocated.class::isInstance).map(M4Rewards.StakerAllocated.class::cast)
                .findFirst().orElseThrow().config();
    }
}
