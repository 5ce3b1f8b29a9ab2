package io.metaspn.streams.cli;

import io.metaspn.streams.embedded.EmbeddedKafkaBroker;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.ProcessingListener;
import io.metaspn.streams.kafka.StreamsSettings;
import io.metaspn.streams.ops.OpsMetrics;
import io.metaspn.streams.ops.OpsServer;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.registry.SchemaRegistryHttpServer;
import io.metaspn.streams.stages.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: the stream application against a Kafka cluster and a schema registry, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = {"Runs the stream application (all configured stages) until SIGTERM/SIGINT,",
            "then closes it gracefully: pending work committed, local state kept.",
            "Every option can also be set as METASPN_<OPTION> in the environment,",
            "or in the properties file named by METASPN_CONFIG_FILE."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped cleanly", "1:the application failed, or an I/O, cluster or registry failure",
            "64:a bad command line or setting (e.g. no --schema-registry-url)"})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    ApplicationOptions application = new ApplicationOptions();

    @Mixin
    HttpOptions http = new HttpOptions();

    @Option(names = "--group-instance-id", paramLabel = "ID",
            description = {"Static group membership: Kafka's group.instance.id (Kafka Streams adds a suffix per",
                "stream thread); a restarted instance keeps its partitions within session.timeout.ms."})
    String groupInstanceId;

    @Option(names = "--application-server", paramLabel = "HOST:PORT",
            description = {"Kafka Streams' application.server: where the other instances reach this one's HTTP",
                "endpoint to forward /state queries for keys it owns."})
    String applicationServer;

    @Option(names = "--stages", paramLabel = "m0,m1,...",
            description = "Stages to run: reference stages and games on the class path (default: m0 to m4).")
    String stages;

    @Option(names = "--embedded", description = {"Start a single-node Kafka broker in this process (data in",
        "--embedded-data-dir), create the topics and register the schemas; with no --schema-registry-url an",
        "in-memory registry is served on 127.0.0.1 (its URL is printed). For trying things out, not for production."})
    boolean embedded;

    @Option(names = "--embedded-data-dir", paramLabel = "DIR", defaultValue = "metaspn-data/kafka",
            description = "The embedded broker's data (default: ${DEFAULT-VALUE}); kept across runs.")
    Path embeddedDataDir;

    @Option(names = "--close-timeout", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "How long a graceful close may take (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration closeTimeout;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = configuration();
        if (!embedded) {
            ClusterOptions.requireBootstrapServers(settings);
            ClusterOptions.requireSchemaRegistryUrl(settings);
            return run(new MetaspnConfig(settings));
        }
        OpsServer.limitSlowClients(); // before the embedded registry's server, the first of the process
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start(embeddedDataDir);
             SchemaRegistryHttpServer registryServer = new SchemaRegistryHttpServer(
                     SchemaRegistries.inMemory("embedded"), "", null)) {
            settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            settings.putIfAbsent(MetaspnConfig.SCHEMA_REGISTRY_URL, registryServer.url());
            settings.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
            MetaspnConfig config = new MetaspnConfig(settings);
            StreamsSettings streams = config.settings();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                TopicsCommand.createMissing(admin, streams, 3, (short) 1);
            }
            SchemaRegistryClient registry = config.schemaRegistry();
            for (SchemasCommand.Subject subject : SchemasCommand.subjects(streams)) {
                registry.register(subject.name(), subject.schema());
            }
            System.err.println("embedded broker at " + broker.bootstrapServers() + ", schema registry "
                    + SchemaRegistries.redactUrl(config.getString(MetaspnConfig.SCHEMA_REGISTRY_URL)));
            return run(config);
        }
    }

    /**
     * Runs the application until it stops. The HTTP endpoint (unless off) starts first, so that /health/live
     * answers while the application is created and starts, and stops after the application closed.
     */
    private int run(MetaspnConfig config) throws Exception {
        List<String> stageNames = config.stages().stream().map(Stage::shortName).toList();
        OpsMetrics metrics = http.enabled() ? new OpsMetrics(stageNames) : null;
        try (metrics; OpsServer server = startHttp(http, metrics)) {
            try (MetaspnStreamsApp app = MetaspnStreamsApp.create(config,
                    metrics == null ? ProcessingListener.NONE : metrics)) {
                if (server != null) {
                    metrics.bind(app);
                    server.attach(app);
                }
                Thread hook = new Thread(() -> {
                    System.err.println(app.close(closeTimeout) ? "metaspn-streams: closed cleanly"
                            : "metaspn-streams: close timed out after " + closeTimeout);
                    if (server != null) {
                        server.close();
                    }
                }, "metaspn-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                app.start();
                app.awaitStopped();
                return app.streams().state() == KafkaStreams.State.ERROR ? 1 : 0;
            }
        }
    }

    /** The HTTP endpoint of {@code options} serving {@code metrics}, its URL printed on stderr; null when off. */
    static OpsServer startHttp(HttpOptions options, OpsMetrics metrics) throws IOException {
        if (!options.enabled()) {
            return null;
        }
        OpsServer server = OpsServer.start(options.options(), metrics);
        System.err.println("metaspn-streams: HTTP endpoint at " + server.url() + " (/health/live, /health/ready,"
                + " /metrics, /state/{stage}/{entity}, /topology)");
        return server;
    }

    /** The application's configuration: the cluster options, then this command's. */
    Map<String, Object> configuration() throws IOException {
        Map<String, Object> settings = cluster.configuration();
        ClusterOptions.putIfSet(settings, StreamsConfig.APPLICATION_ID_CONFIG, application.applicationId);
        ClusterOptions.putIfSet(settings, MetaspnConfig.STAGES, stages);
        Path stateDir = application.stateDir;
        ClusterOptions.putIfSet(settings, StreamsConfig.STATE_DIR_CONFIG, stateDir == null ? null : stateDir.toString());
        ClusterOptions.putIfSet(settings, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId);
        ClusterOptions.putIfSet(settings, StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        return settings;
    }
}
