package io.metaspn.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.reference.M4Settings;
import io.metaspn.streams.game.reference.ReferenceGames;
import io.metaspn.streams.registry.InMemorySchemaRegistryClient;
import io.metaspn.streams.stages.M1Route;
import io.metaspn.streams.stages.M4Rewards;
import io.metaspn.streams.stages.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code metaspn.*} settings: parsed once by their ConfigDef; a bad value names the key and the value. */
class MetaspnConfigTest {

    private static MetaspnConfig parse(Object... keysAndValues) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new MetaspnConfig(config);
    }

    @Test
    void absentSettingsKeepTheirDefaults() {
        MetaspnConfig config = parse();
        StreamsSettings settings = config.settings();

        assertThat(settings.stages()).extracting(Stage::shortName).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(settings.topicPrefix()).isEqualTo("metaspn");
        assertThat(settings.topicVersion()).isEqualTo("v1");
        assertThat(settings.repartitionByEntity()).isTrue();
        assertThat(settings.dedupRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.autoRegisterSchemas()).isFalse();
        assertThat(settings.maxRecordBytes()).isEqualTo(1_048_576);
        assertThat(config.rocksDbMemoryBytes()).isEqualTo(64L << 20);
        assertThat(config.hasSchemaRegistry()).isFalse();
        assertThat(m4ConfigOf(settings.stages().get(4))).isEqualTo(M4Rewards.Config.DEFAULT);
        assertThat(settings).usingRecursiveComparison().ignoringFields("stages")
                .isEqualTo(StreamsSettings.defaults(M4Rewards.Config.DEFAULT));
    }

    @Test
    void everySettingIsRead() {
        MetaspnConfig config = parse(MetaspnConfig.STAGES, " m1 , m4_rewards ",
                MetaspnConfig.TOPIC_PREFIX, "acme",
                MetaspnConfig.TOPIC_VERSION, "v2",
                MetaspnConfig.REPARTITION_BY_ENTITY, "false",
                MetaspnConfig.DEDUP_RETENTION, "P1D",
                MetaspnConfig.AUTO_REGISTER_SCHEMAS, "TRUE",
                MetaspnConfig.MAX_RECORD_BYTES, "2048",
                MetaspnConfig.ROCKSDB_MEMORY_BYTES, "8388608",
                MetaspnConfig.SCHEMA_REGISTRY_URL, "mem://metaspn-config-test");
        StreamsSettings settings = config.settings();

        assertThat(settings.stages()).extracting(Stage::shortName).containsExactly("m1", "m4");
        assertThat(settings.topics(settings.stages().get(0)).signals()).isEqualTo("acme.m1.signals.v2");
        assertThat(config.topics(new M1Route()).deadLetters()).isEqualTo("acme.m1.dlq.v2");
        assertThat(settings.repartitionByEntity()).isFalse();
        assertThat(settings.dedupRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.autoRegisterSchemas()).isTrue();
        assertThat(settings.maxRecordBytes()).isEqualTo(2048);
        assertThat(config.rocksDbMemoryBytes()).isEqualTo(8L << 20);
        assertThat(config.schemaRegistry()).isInstanceOf(InMemorySchemaRegistryClient.class);
    }

    @Test
    void blankStageNamesAreSkipped() {
        assertThat(parse(MetaspnConfig.STAGES, "m1,,m2,").stages()).extracting(Stage::shortName)
                .containsExactly("m1", "m2");
    }

    @Test
    void theDedupRetentionIsAnIso8601DurationOrMilliseconds() {
        assertThat(parse(MetaspnConfig.DEDUP_RETENTION, "60000").dedupRetention()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse(MetaspnConfig.DEDUP_RETENTION, "PT12H").dedupRetention()).isEqualTo(Duration.ofHours(12));
        assertThat(parse(MetaspnConfig.DEDUP_RETENTION, " P30D ").dedupRetention()).isEqualTo(Duration.ofDays(30));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "metaspn.stages|' , '|names no stage",
        "metaspn.stages|m1,M1|names M1 twice",
        "metaspn.stages|m9|unknown stage 'm9'",
        "metaspn.stages|m1,m1_route|names stage m1 twice",
        "metaspn.topic.prefix|acme corp|must be 1 to 200 of the characters",
        "metaspn.topic.prefix|''|must be 1 to 200 of the characters",
        "metaspn.topic.version|v1/2|must be 1 to 200 of the characters",
        "metaspn.repartition.by.entity|yes|Expected value to be either true or false",
        "metaspn.dedup.retention|a week|must be an ISO-8601 duration",
        "metaspn.dedup.retention|0|must be positive",
        "metaspn.dedup.retention|-PT1H|must be positive",
        "metaspn.schema.registry.auto.register|1|Expected value to be either true or false",
        "metaspn.max.record.bytes|1023|Value must be at least 1024",
        "metaspn.max.record.bytes|1MB|Not a number of type INT",
        "metaspn.rocksdb.memory.bytes|1000|Value must be at least 1048576",
        "metaspn.rocksdb.memory.bytes|lots|Not a number of type LONG",
        "metaspn.schema.registry.url|registry:8081|must be an http://, https:// or mem:// URL",
    })
    void aBadValueIsAConfigExceptionNamingTheKeyAndTheValue(String key, String value, String problem) {
        assertThatThrownBy(() -> parse(key, value).settings())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value " + value.strip())
                .hasMessageContaining("for configuration " + key)
                .hasMessageContaining(problem);
    }

    @Test
    void aRegistryUrlInAnErrorLosesItsCredentials() {
        assertThatThrownBy(() -> parse(MetaspnConfig.SCHEMA_REGISTRY_URL, "ftp://admin:planted-pw@host"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(MetaspnConfig.SCHEMA_REGISTRY_URL)
                .hasMessageNotContaining("planted-pw");
    }

    @Test
    void theRegistryIsRequiredOnlyWhenAsked() {
        MetaspnConfig config = parse(MetaspnConfig.SCHEMA_REGISTRY_URL, " ");

        assertThat(config.hasSchemaRegistry()).isFalse();
        assertThat(config.settings().stages()).hasSize(5);
        assertThatThrownBy(config::schemaRegistry).isInstanceOf(ConfigException.class)
                .hasMessageContaining(MetaspnConfig.SCHEMA_REGISTRY_URL).hasMessageContaining("--schema-registry-url");
    }

    @Test
    void everyGenericSettingIsDocumentedWithTypeDefaultValidatorAndImportance() {
        assertThat(MetaspnConfig.CONFIG_DEF.names()).containsExactlyInAnyOrder(MetaspnConfig.STAGES,
                MetaspnConfig.SCHEMA_REGISTRY_URL, MetaspnConfig.TOPIC_PREFIX, MetaspnConfig.TOPIC_VERSION,
                MetaspnConfig.REPARTITION_BY_ENTITY, MetaspnConfig.DEDUP_RETENTION, MetaspnConfig.AUTO_REGISTER_SCHEMAS,
                MetaspnConfig.MAX_RECORD_BYTES, MetaspnConfig.ROCKSDB_MEMORY_BYTES);
        for (ConfigDef.ConfigKey key : MetaspnConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(key.name).startsWith(MetaspnConfig.PREFIX);
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.hasDefault()).as(key.name).isTrue();
            assertThat(key.importance).as(key.name).isNotNull();
            assertThat(key.name.startsWith(MetaspnConfig.PREFIX + "m4.")).as(key.name).isFalse();
        }
        // every default passes its own validator
        assertThat(parse().values()).containsOnlyKeys(MetaspnConfig.CONFIG_DEF.names());
    }

    @Test
    void aGamesSettingsLiveUnderItsNamespaceWithThePrefixStripped() {
        MetaspnConfig config = parse(MetaspnConfig.STAGES, "m4",
                "metaspn.m4.enable.early.conviction.multiplier", "true",
                "metaspn.m4.early.conviction.days.threshold", "10",
                "metaspn.m1.something", "x",
                "metaspn.m40.other", "y");

        assertThat(config.gameSettings("m4")).containsOnly(
                Map.entry(M4Settings.ENABLE_EARLY_CONVICTION_MULTIPLIER, "true"),
                Map.entry(M4Settings.EARLY_CONVICTION_DAYS_THRESHOLD, "10"));
        assertThat(config.gameSettings("m1")).containsOnly(Map.entry("something", "x"));
        assertThat(config.gameSettings("podcast")).isEmpty();
        assertThat(m4ConfigOf(config.stages().get(0))).isEqualTo(new M4Rewards.Config(true, 1.25, 10));
        assertThat(MetaspnConfig.gameKeys("m4", config.gameSettings("m4")))
                .containsOnly(Map.entry("metaspn.m4.enable.early.conviction.multiplier", "true"),
                        Map.entry("metaspn.m4.early.conviction.days.threshold", "10"));
    }

    @Test
    void noGameLivesInAGenericNamespaceAndMisspeltGenericKeysAreFound() {
        MetaspnConfig config = parse("metaspn.dedup.retension", "P1D", "metaspn.topic.prefx", "acme",
                MetaspnConfig.TOPIC_PREFIX, "acme", "metaspn.m4.early.conviction.multiplier", "2.0",
                "metaspn.podcast.anything", "x", MetaspnConfig.PROCESSING_LISTENER, ProcessingListener.NONE);

        assertThat(MetaspnConfig.GENERIC_NAMESPACES).containsExactlyInAnyOrder("stages", "schema", "topic",
                "repartition", "dedup", "max", "rocksdb", "internal");
        assertThatThrownBy(() -> MetaspnConfig.gamePrefix("Topic")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metaspn.topic.* holds generic settings");
        assertThat(MetaspnConfig.gamePrefix("Podcast")).isEqualTo("metaspn.podcast.");
        assertThat(config.unknownSettings()).containsExactly("metaspn.dedup.retension", "metaspn.topic.prefx");
        assertThat(parse().unknownSettings()).isEmpty();
    }

    @Test
    void keysInTheNamespaceOfNoGameOnTheClassPathAreFound() {
        MetaspnConfig config = parse("metaspn.podcst.episodes", "3", "metaspn.m4.early.conviction.multiplier", "2.0",
                "metaspn.m9.anything", "x", "metaspn.stage", "m1");

        assertThat(config.unknownSettings()).containsExactly("metaspn.m9.anything", "metaspn.podcst.episodes",
                "metaspn.stage");
    }

    @Test
    void m4ParsesItsOwnNamespace() {
        M4Rewards.Config custom = new M4Rewards.Config(true, 1.5, 45);

        assertThat(new M4Settings(Map.of()).config()).isEqualTo(M4Rewards.Config.DEFAULT);
        assertThat(new M4Settings(M4Settings.namespace(custom)).config()).isEqualTo(custom);
        assertThat(M4Settings.CONFIG_DEF.names()).containsExactlyInAnyOrder(
                M4Settings.ENABLE_EARLY_CONVICTION_MULTIPLIER, M4Settings.EARLY_CONVICTION_MULTIPLIER,
                M4Settings.EARLY_CONVICTION_DAYS_THRESHOLD);
        Map<String, Object> withCustomM4 = new java.util.LinkedHashMap<>(ReferenceGames.m4Settings(custom));
        withCustomM4.put(MetaspnConfig.STAGES, "m4,m1");
        assertThat(m4ConfigOf(new MetaspnConfig(withCustomM4).stages().get(0))).isEqualTo(custom);
        assertThatThrownBy(() -> new MetaspnConfig(Map.of(MetaspnConfig.STAGES, "m1",
                "metaspn.m4.early.conviction.multiplier", "lots")).stages())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metaspn.m4.early.conviction.multiplier");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "enable.early.conviction.multiplier|maybe|Expected value to be either true or false",
        "early.conviction.multiplier|NaN|must be a finite number",
        "early.conviction.multiplier|Infinity|must be a finite number",
        "early.conviction.multiplier|lots|Not a number of type DOUBLE",
        "early.conviction.days.threshold|1.5|Not a number of type LONG",
    })
    void aBadGameSettingNamesItsFullKey(String key, String value, String problem) {
        MetaspnConfig config = parse(MetaspnConfig.STAGES, "m1,m4", "metaspn.m4." + key, value);

        assertThatThrownBy(config::settings)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value " + value + " for configuration metaspn.m4." + key)
                .hasMessageContaining(problem);
        assertThatThrownBy(parse(MetaspnConfig.STAGES, "m1", "metaspn.m4." + key, value)::stages)
                .as("every game on the class path reads its settings, run or not: a bad one fails at once")
                .isInstanceOf(ConfigException.class).hasMessageContaining(problem);
    }

    @Test
    void theGenericConfigurationNoLongerKnowsM4() {
        assertThat(MetaspnConfig.CONFIG_DEF.names()).noneMatch(name -> name.contains("conviction"));
        assertThat(parse("metaspn.m4.early.conviction.multiplier", "2.0").values())
                .doesNotContainKey("metaspn.m4.early.conviction.multiplier");
    }

    @Test
    void kafkaAndClientSettingsAreLeftAloneAndKeptAsOriginals() {
        MetaspnConfig config = parse(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092",
                "schema.registry.request.timeout.ms", "not checked here",
                "metaspn.stages", "m1");

        assertThat(config.originals()).containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092")
                .containsEntry("schema.registry.request.timeout.ms", "not checked here");
        assertThat(config.values()).doesNotContainKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    @Test
    void theObjectsKafkaCreatesParseTheOriginalsWithTheSameDefinition() {
        ProcessingListener listener = new ProcessingListener() {
        };
        Map<String, Object> originals = Map.of(MetaspnConfig.TOPIC_PREFIX, "acme",
                MetaspnConfig.PROCESSING_LISTENER, listener,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once");

        assertThat(new MetaspnConfig(originals).processingListener()).isSameAs(listener);
        assertThat(parse().processingListener()).isSameAs(ProcessingListener.NONE);
        assertThatThrownBy(() -> new DeadLetterHandler().configure(Map.of(MetaspnConfig.TOPIC_VERSION, "v 2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(MetaspnConfig.TOPIC_VERSION);
    }

    @Test
    void propertiesAndTypedValuesParseAlike() {
        Properties properties = new Properties();
        properties.setProperty(MetaspnConfig.MAX_RECORD_BYTES, "4096");
        Map<String, Object> typed = Map.of(MetaspnConfig.MAX_RECORD_BYTES, 4096, MetaspnConfig.STAGES, List.of("m2"),
                MetaspnConfig.REPARTITION_BY_ENTITY, false);

        assertThat(new MetaspnConfig(properties).settings().maxRecordBytes()).isEqualTo(4096);
        assertThat(new MetaspnConfig(typed).settings()).satisfies(s -> {
            assertThat(s.maxRecordBytes()).isEqualTo(4096);
            assertThat(s.stages()).extracting(Stage::shortName).containsExactly("m2");
            assertThat(s.repartitionByEntity()).isFalse();
        });
    }

    /** The config M4 runs with, as its staker allocation reports it. */
    @SuppressWarnings("unchecked")
    private static M4Rewards.Config m4ConfigOf(GameBinding<?, ?> stage) {
        var m4 = (GameBinding<M4Rewards.Season, M4Rewards.RewardsState>) stage;
        var season = new M4Rewards.Season("s", 1.0, List.of(new M4Rewards.Game("g", 1.0,
                List.of(new M4Rewards.Staker("a", 1.0, 1)))));
        return m4.engine().process(Signal.of(season, Instant.EPOCH, "t", "x")).stream().map(Emission::payload)
                .filter(M4Rewards.StakerAllocated.class::isInstance).map(M4Rewards.StakerAllocated.class::cast)
                .findFirst().orElseThrow().config();
    }
}
