package io.metaspn.streams.cli;

import io.metaspn.streams.kafka.MetaspnConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    @Option(names = "--config", paramLabel = "FILE", split = ",",
            description = "Properties passed through to Kafka clients (e.g. SASL/SSL) and metaspn.* settings."
                    + " Repeatable, or comma-separated (METASPN_CONFIG=app.properties,client.properties):"
                    + " a later file overrides an earlier one's settings.")
    List<Path> config = new ArrayList<>();

    /**
     * The --config files' properties (a later file overriding an earlier one), overridden by the options that
     * are set; their secrets are redacted from now on.
     */
    Map<String, Object> configuration() throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Path path : config) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                file.load(reader);
            }
            file.forEach((key, value) -> settings.put(key.toString(), value));
            Redactor.global().addSecrets(file);
        }
        putIfSet(settings, CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        putIfSet(settings, MetaspnConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        Redactor.global().addSecrets(settings);
        return settings;
    }

    /** Refuses a configuration without {@code bootstrap.servers}, saying how to set it. */
    static void requireBootstrapServers(Map<String, Object> settings) {
        Object servers = settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null || servers.toString().isBlank()) {
            throw new IllegalArgumentException("bootstrap.servers is required: pass --bootstrap-servers, set"
                    + " METASPN_BOOTSTRAP_SERVERS or put bootstrap.servers in the --config file");
        }
    }

    /** Refuses a configuration without a schema registry URL, saying how to set it. */
    static void requireSchemaRegistryUrl(Map<String, Object> settings) {
        Object url = settings.get(MetaspnConfig.SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("the schema registry URL is required: pass --schema-registry-url, set"
                    + " METASPN_SCHEMA_REGISTRY_URL or put " + MetaspnConfig.SCHEMA_REGISTRY_URL
                    + " in the --config file");
        }
    }

    static void putIfSet(Map<String, Object> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value);
        }
    }
}
