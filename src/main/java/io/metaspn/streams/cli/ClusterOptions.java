package io.metaspn.streams.cli;

import io.metaspn.streams.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/** The options every command that talks to a cluster shares: where Kafka and the registry are, and client settings. */
final class ClusterOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-API schema registry (http(s)://...), or mem://<scope> for an in-memory one.")
    String schemaRegistryUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties passed through to Kafka clients (e.g. SASL/SSL) and metaspn.* settings.")
    Path config;

    /** The --config file's properties, overridden by the options that are set. */
    Map<String, Object> configuration() throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (config != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                file.load(reader);
            }
            file.forEach((key, value) -> settings.put(key.toString(), value));
        }
        putIfSet(settings, CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        putIfSet(settings, StreamsAppConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return settings;
    }

    static void putIfSet(Map<String, Object> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value);
        }
    }
}
