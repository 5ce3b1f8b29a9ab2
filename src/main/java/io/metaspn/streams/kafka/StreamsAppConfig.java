package io.metaspn.streams.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties of the stream application: the project's defaults (exactly-once v2, explicit
 * internal names, dead-letter handlers, bounded RocksDB memory) under the user's settings. The application's own
 * {@code metaspn.*} settings are parsed by {@link MetaspnConfig}.
 */
public final class StreamsAppConfig {

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
}
