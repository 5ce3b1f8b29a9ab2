package io.metaspn.streams.kafka;

import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.GameSettings;
import io.metaspn.streams.game.Games;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The stream application's configuration: Kafka Streams properties with the project's defaults
 * (exactly-once v2, explicit internal names, dead-letter handlers, bounded RocksDB memory) under
 * the user's settings, and the {@link StreamsSettings} read from {@code metaspn.*} keys.
 */
public final class StreamsAppConfig {
    /** Config key: re-key input by entity through a repartition topic (default true). */
    public static final String REPARTITION_BY_ENTITY = "metaspn.repartition.by.entity";
    /** Config key: how long processed signal ids are remembered (ISO-8601 duration such as P7D, or milliseconds). */
    public static final String DEDUP_RETENTION = "metaspn.dedup.retention";
    /** Config key: whether writers register schemas (default false: production registers them ahead). */
    public static final String AUTO_REGISTER_SCHEMAS = "metaspn.schema.registry.auto.register";
    /**
     * Config key: the largest record the application writes, in bytes (default 1048576, the producer's
     * {@code max.request.size}); keep it at or under the {@code max.message.bytes} of the emissions, changelog
     * and repartition topics. A signal whose emissions or state would be larger is dead-lettered.
     */
    public static final String MAX_RECORD_BYTES = "metaspn.max.record.bytes";
    /** Config key: the schema registry URL ({@code http(s)://…} or {@code mem://<scope>}). */
    public static final String SCHEMA_REGISTRY_URL = "metaspn.schema.registry.url";
    /**
     * Config key, set by {@link MetaspnStreamsApp} (not a user setting): the {@link ProcessingListener} object the
     * dead-letter handlers report to.
     */
    public static final String PROCESSING_LISTENER = "metaspn.internal.processing.listener";

    private StreamsAppConfig() {
    }

    /** Kafka Streams properties: the project's defaults, overridden by {@code config}. */
    public static Properties streamsProperties(Map<String, ?> config) {
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put(StreamsConfig.APPLICATION_ID_CONFIG, "metaspn-streams");
        merged.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        merged.put("ensure.explicit.internal.resource.naming", "true");
        merged.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        merged.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        merged.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        merged.put("processing.exception.handler.global.enabled", "true");
        merged.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class.getName());
        merged.putAll(config);
        Properties properties = new Properties();
        merged.forEach((key, value) -> properties.put(key, value instanceof Class<?> type ? type.getName()
                : String.valueOf(value)));
        return properties;
    }

    /**
     * The application settings in {@code config} ({@code metaspn.*} keys; absent keys keep their defaults): the
     * games named by {@value StreamsSettings#STAGES} (the reference stages by default) among those on the class path
     * ({@link Games}), each configured from its own {@code metaspn.<game>.*} settings.
     */
    public static StreamsSettings settings(Map<String, ?> config) {
        Games games = Games.discover(GameSettings.from(config));
        Object names = config.get(StreamsSettings.STAGES);
        List<GameBinding<?, ?>> stages;
        try {
            stages = names == null ? games.reference() : games.select(names.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(StreamsSettings.STAGES + ": " + e.getMessage(), e);
        }
        return new StreamsSettings(stages,
                string(config, StreamsSettings.TOPIC_PREFIX, StreamsSettings.DEFAULT_TOPIC_PREFIX),
                string(config, StreamsSettings.TOPIC_VERSION, StreamsSettings.DEFAULT_TOPIC_VERSION),
                bool(config, REPARTITION_BY_ENTITY, true),
                duration(config, DEDUP_RETENTION, StreamsSettings.DEFAULT_DEDUP_RETENTION),
                bool(config, AUTO_REGISTER_SCHEMAS, false),
                integer(config, MAX_RECORD_BYTES, StreamsSettings.DEFAULT_MAX_RECORD_BYTES));
    }

    /**
     * The schema registry of {@code config}: {@value #SCHEMA_REGISTRY_URL} (required) with the
     * {@code schema.registry.*} and {@code basic.auth.*} client settings.
     */
    public static SchemaRegistryClient schemaRegistry(Map<String, ?> config) {
        Object url = config.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " (--schema-registry-url) is required");
        }
        Map<String, String> registryConfig = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith("schema.registry.") || key.startsWith("basic.auth.")) {
                registryConfig.put(key, String.valueOf(value));
            }
        });
        return SchemaRegistries.forUrl(url.toString(), registryConfig);
    }

    private static String string(Map<String, ?> config, String key, String defaultValue) {
        Object value = config.get(key);
        return value == null ? defaultValue : value.toString().trim();
    }

    private static boolean bool(Map<String, ?> config, String key, boolean defaultValue) {
        String value = string(config, key, Boolean.toString(defaultValue));
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static int integer(Map<String, ?> config, String key, int defaultValue) {
        String value = string(config, key, Integer.toString(defaultValue));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", e);
        }
    }

    private static Duration duration(Map<String, ?> config, String key, Duration defaultValue) {
        String value = string(config, key, defaultValue.toString());
        try {
            return value.chars().allMatch(Character::isDigit) ? Duration.ofMillis(Long.parseLong(value))
                    : Duration.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration (P7D) or milliseconds, got '"
                    + value + "'", e);
        }
    }
}
