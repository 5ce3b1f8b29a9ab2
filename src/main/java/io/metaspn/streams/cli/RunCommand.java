package io.metaspn.streams.cli;

import io.metaspn.streams.streams.MetaspnStreamsApp;
import io.metaspn.streams.streams.StreamsAppConfig;
import io.metaspn.streams.streams.StreamsSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the stream application against a Kafka cluster and a schema registry, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = {"Runs the stream application (all configured stages) until SIGTERM/SIGINT,",
            "then closes it gracefully: pending work committed, local state kept.",
            "Every option can also be set as METASPN_<OPTION> in the environment,",
            "or in the properties file named by METASPN_CONFIG_FILE."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-API schema registry (http(s)://...), or mem://<scope> for an in-memory one.")
    String schemaRegistryUrl;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "metaspn-streams",
            description = "Kafka Streams application.id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--stages", paramLabel = "m0,m1,...", description = "Stages to run (default: all).")
    String stages;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where RocksDB state lives.")
    Path stateDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties passed through to Kafka Streams and its clients (e.g. SASL/SSL), "
                    + "and metaspn.* settings.")
    Path config;

    @Option(names = "--close-timeout", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "How long a graceful close may take (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration closeTimeout;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = configuration();
        try (MetaspnStreamsApp app = MetaspnStreamsApp.create(settings)) {
            Thread hook = new Thread(() -> app.close(closeTimeout), "metaspn-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            app.start();
            app.awaitStopped();
            return app.streams().state() == KafkaStreams.State.ERROR ? 1 : 0;
        }
    }

    /** The application's configuration: the --config file, overridden by the options that are set. */
    Map<String, Object> configuration() throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (config != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                file.load(reader);
            }
            file.forEach((key, value) -> settings.put(key.toString(), value));
        }
        putIfSet(settings, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        putIfSet(settings, StreamsAppConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        putIfSet(settings, StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        putIfSet(settings, StreamsSettings.STAGES, stages);
        putIfSet(settings, StreamsConfig.STATE_DIR_CONFIG, stateDir == null ? null : stateDir.toString());
        return settings;
    }

    private static void putIfSet(Map<String, Object> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value);
        }
    }
}
