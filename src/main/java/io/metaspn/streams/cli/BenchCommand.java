package io.metaspn.streams.cli;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.avro.StageCodecs;
import io.metaspn.streams.bench.BenchReport;
import io.metaspn.streams.bench.BenchTopics;
import io.metaspn.streams.bench.PassThrough;
import io.metaspn.streams.bench.PeakMemory;
import io.metaspn.streams.bench.SignalGenerator;
import io.metaspn.streams.embedded.EmbeddedKafkaBroker;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.stages.StageCatalogue;
import io.metaspn.streams.streams.AvroRecordSerde;
import io.metaspn.streams.streams.MetaspnStreamsApp;
import io.metaspn.streams.streams.StageTopics;
import io.metaspn.streams.streams.StreamsAppConfig;
import io.metaspn.streams.streams.StreamsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: produces generated signals for one stage, then runs on them a pass-through Kafka Streams
 * application (the baseline: bytes in, bytes out, same guarantee, commit interval and threads) and the stage's
 * stream application, one after the other, and prints their rates, the ratio to the baseline and the records
 * each wrote per signal. An embedded broker and an in-memory registry unless {@code --bootstrap-servers} is given;
 * on a real cluster every topic is named after the run ({@code metaspn-bench-<run>.*}) and deleted at the end.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = {"Benchmarks a stage's stream application against a pass-through Kafka Streams application",
            "on the same generated signals: records/s, emissions/s, ratio, wall time, records written per signal.",
            "The table goes to stdout, progress to stderr. Without --bootstrap-servers, an embedded broker and an",
            "in-memory schema registry start in this process."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:both runs processed every signal", "1:a run failed or timed out, or a cluster or registry"
            + " failure", "64:a bad command line or setting"})
public final class BenchCommand implements Callable<Integer> {
    private static final Set<String> GUARANTEES = Set.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE);
    private static final String PASS_THROUGH = "pass-through";

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--stage", paramLabel = "STAGE", defaultValue = "m1",
            description = "The stage: m0, m1, m2, m3 or m4 (default: ${DEFAULT-VALUE}).")
    String stageName;

    @Option(names = "--signals", paramLabel = "N", defaultValue = "100000",
            description = "Signals to generate and process (default: ${DEFAULT-VALUE}).")
    long signals;

    @Option(names = "--entities", paramLabel = "E", defaultValue = "10000",
            description = "Distinct entities the signals belong to, in turn (default: ${DEFAULT-VALUE}).")
    int entities;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "6",
            description = "Partitions of the signals topic and of the other topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--guarantee", paramLabel = "G", defaultValue = StreamsConfig.EXACTLY_ONCE_V2,
            description = "exactly_once_v2 or at_least_once, for both runs (default: ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--commit-interval", paramLabel = "DURATION", defaultValue = "PT0.1S",
            description = "commit.interval.ms of both runs (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration commitInterval;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "num.stream.threads of both runs (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "The generator's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the numbers to FILE as JSON.")
    Path json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "How long producing, and each run, may take (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** Where one run stands: the settings every part of the benchmark shares. */
    private record Setup(Map<String, Object> config, Map<String, Object> clientConfig, StreamsSettings settings,
                         StageTopics topics, String runId, Path workDir, boolean embedded) {
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Map<String, Object> config = cluster.configuration();
        Object servers = config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        boolean embedded = servers == null || servers.toString().isBlank();
        if (!embedded) {
            ClusterOptions.requireSchemaRegistryUrl(config);
        }
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String scope = "bench-" + runId;
        Path workDir = Files.createTempDirectory("metaspn-bench");
        EmbeddedKafkaBroker broker = null;
        Setup setup = null;
        try {
            if (embedded) {
                System.err.println("bench: starting an embedded Kafka broker");
                broker = new EmbeddedKafkaBroker().start(workDir.resolve("kafka"));
                config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
                config.putIfAbsent(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mem://" + scope);
            } else {
                config.put(StreamsSettings.TOPIC_PREFIX, "metaspn-bench-" + runId);
            }
            config.put(StreamsSettings.STAGES, StageCatalogue.byName(stageName).shortName());
            Map<String, Object> clientConfig = ClientConfigs.forClients(config);
            if (embedded) {
                config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
            }
            StreamsSettings settings = StreamsAppConfig.settings(config);
            setup = new Setup(config, clientConfig, settings, settings.topics(settings.stages().get(0)), runId, workDir,
                    embedded);
            BenchReport report = bench(setup, settings.stages().get(0));
            System.out.print(report.table());
            System.out.flush();
            if (json != null) {
                Files.writeString(json, report.toJson().toPrettyString() + System.lineSeparator(),
                        StandardCharsets.UTF_8);
            }
            return 0;
        } finally {
            if (setup != null && !embedded) {
                deleteTopics(setup);
            }
            if (broker != null) {
                broker.close();
            }
            SchemaRegistries.dropScope(scope);
            deleteTree(workDir);
        }
    }

    private void validate() {
        if (signals < 1) {
            throw new ParameterException(spec.commandLine(), "--signals must be at least 1, got " + signals);
        }
        if (entities < 1) {
            throw new ParameterException(spec.commandLine(), "--entities must be at least 1, got " + entities);
        }
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (!GUARANTEES.contains(guarantee)) {
            throw new ParameterException(spec.commandLine(), "--guarantee must be exactly_once_v2 or at_least_once, got '"
                    + guarantee + "'");
        }
        if (commitInterval.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--commit-interval must not be negative, got "
                    + commitInterval);
        }
        StageCatalogue.byName(stageName); // an unknown stage is the user's mistake (exit 64)
    }

    private <T, S> BenchReport bench(Setup setup, Stage<T, S> stage) throws Exception {
        try (Admin admin = Admin.create(ClientConfigs.bounded(setup.clientConfig(), timeout))) {
            prepare(setup, admin);
            Duration produced = produce(setup, stage);
            List<BenchReport.Row> rows = new ArrayList<>();
            rows.add(passThrough(setup, admin));
            rows.add(stage(setup, admin, stage));
            return new BenchReport(stage.shortName(), signals, (int) Math.min(entities, signals), partitions, guarantee, commitInterval, threads,
                    produced, rows, PeakMemory.peakRssBytes());
        }
    }

    /** The stage's public topics, the baseline's output topic, the stage's schemas. */
    private void prepare(Setup setup, Admin admin) throws Exception {
        short replication = setup.embedded() ? (short) 1 : (short) -1; // -1: the cluster's default
        TopicsCommand.createMissing(admin, setup.settings(), partitions, replication);
        admin.createTopics(List.of(new NewTopic(scratchTopic(setup), partitions, replication))).all().get();
        SchemaRegistryClient registry = StreamsAppConfig.schemaRegistry(setup.config());
        for (SchemasCommand.Subject subject : SchemasCommand.subjects(setup.settings())) {
            registry.register(subject.name(), subject.schema());
        }
    }

    private static String scratchTopic(Setup setup) {
        return setup.topics().signals() + ".bench-pass-through-" + setup.runId();
    }

    /** Produces the generated signals, keyed by entity, as Avro, and waits until every one is acknowledged. */
    private <T, S> Duration produce(Setup setup, Stage<T, S> stage) throws Exception {
        String topic = setup.topics().signals();
        System.err.printf(Locale.ROOT, "bench: producing %d %s signals over %d entities to %s (%d partitions)%n",
                signals, stage.shortName(), entities, topic, partitions);
        SignalGenerator<T> generator = SignalGenerator.of(stage, seed, entities);
        StageAvroCodec<T, S> codec = StageCodecs.forStage(stage);
        Serializer<SpecificRecord> serializer = new AvroRecordSerde(StreamsAppConfig.schemaRegistry(setup.config()),
                codec.signalSchema(), false, false).serializer();
        Map<String, Object> producerConfig = new LinkedHashMap<>(setup.clientConfig());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < signals; i++) {
                Signal<T> signal = generator.signal(i);
                byte[] key = stage.entityKey(signal.payload()).getBytes(StandardCharsets.UTF_8);
                byte[] value = serializer.serialize(topic, codec.fromSignal(signal));
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, error);
                    }
                });
                if ((i + 1) % 100_000 == 0 && i + 1 < signals) {
                    System.err.printf(Locale.ROOT, "bench: %d signals sent after %.1f s%n", i + 1,
                            (System.nanoTime() - start) / 1e9);
                }
            }
            producer.flush();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + signals + " signals were not acknowledged: "
                    + Failures.describe(firstError.get()));
        }
        System.err.printf(Locale.ROOT, "bench: %d signals acknowledged in %.1f s%n", signals, took.toNanos() / 1e9);
        return took;
    }

    /** The baseline: a byte-copying Kafka Streams application on the signals. */
    private BenchReport.Row passThrough(Setup setup, Admin admin) throws Exception {
        String applicationId = "metaspn-bench-pass-through-" + setup.runId();
        Properties properties = new Properties();
        properties.putAll(setup.clientConfig());
        properties.putAll(runSettings(setup, applicationId, "state-pass-through"));
        properties.put("processing.exception.handler.global.enabled", "true"); // as the stage's app, and quiet
        String input = setup.topics().signals();
        String output = scratchTopic(setup);
        KafkaStreams streams = new KafkaStreams(PassThrough.topology(input, output), properties);
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING || newState == KafkaStreams.State.ERROR
                    || newState == KafkaStreams.State.NOT_RUNNING) {
                running.countDown();
            }
        });
        System.err.println("bench: " + PASS_THROUGH + ": starting " + applicationId);
        try {
            long created = System.nanoTime();
            streams.start();
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    || streams.state() != KafkaStreams.State.RUNNING) {
                throw new IllegalStateException(PASS_THROUGH + " did not start within " + timeout + " (state "
                        + streams.state() + ")");
            }
            Duration startup = Duration.ofNanos(System.nanoTime() - created);
            Duration measured = BenchTopics.awaitCaughtUp(admin, applicationId, List.of(input), input, signals, timeout,
                    () -> streams.state().isRunningOrRebalancing(), PASS_THROUGH, System.err);
            long emitted = BenchTopics.countCommitted(setup.clientConfig(), output, timeout);
            System.err.printf(Locale.ROOT, "bench: %s: %d records in %.2f s%n", PASS_THROUGH, signals,
                    measured.toNanos() / 1e9);
            return new BenchReport.Row(PASS_THROUGH, signals, emitted, startup, measured,
                    BenchTopics.endOffsets(admin, List.of(output)));
        } finally {
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            streams.cleanUp();
        }
    }

    /** The stage's stream application on the signals. */
    private <T, S> BenchReport.Row stage(Setup setup, Admin admin, Stage<T, S> stage) throws Exception {
        String applicationId = "metaspn-bench-" + stage.shortName() + "-" + setup.runId();
        Map<String, Object> config = new LinkedHashMap<>(setup.config());
        config.putAll(runSettings(setup, applicationId, "state-" + stage.shortName()));
        StageTopics topics = setup.topics();
        List<String> consumed = new ArrayList<>(List.of(topics.signals()));
        if (setup.settings().repartitionByEntity()) {
            consumed.add(applicationId + "-" + topics.repartition() + "-repartition");
        }
        Map<String, Long> before = BenchTopics.endOffsets(admin, List.of(topics.emissions(), topics.deadLetters()));
        System.err.println("bench: " + stage.shortName() + ": starting " + applicationId);
        long created = System.nanoTime();
        try (MetaspnStreamsApp app = MetaspnStreamsApp.create(config)) {
            app.start();
            if (!app.awaitRunning(timeout)) {
                throw new IllegalStateException(stage.shortName() + " did not start within " + timeout + " (state "
                        + app.streams().state() + ")");
            }
            Duration startup = Duration.ofNanos(System.nanoTime() - created);
            Duration measured = BenchTopics.awaitCaughtUp(admin, applicationId, consumed, topics.signals(), signals,
                    timeout, () -> app.streams().state().isRunningOrRebalancing(), stage.shortName(), System.err);
            long emitted = BenchTopics.countCommitted(setup.clientConfig(), topics.emissions(), timeout)
                    - before.get(topics.emissions());
            System.err.printf(Locale.ROOT, "bench: %s: %d signals, %d emissions in %.2f s%n", stage.shortName(),
                    signals, emitted, measured.toNanos() / 1e9);
            List<String> written = new ArrayList<>(List.of(topics.emissions(), topics.deadLetters()));
            admin.listTopics().names().get().stream().filter(t -> t.startsWith(applicationId + "-")).sorted()
                    .forEach(written::add);
            Map<String, Long> grown = new LinkedHashMap<>();
            BenchTopics.endOffsets(admin, written).forEach((topic, end) ->
                    grown.put(topic, end - before.getOrDefault(topic, 0L)));
            return new BenchReport.Row(stage.shortName(), signals, emitted, startup, measured, grown);
        }
    }

    /** The settings both runs share, under their own application id and state directory. */
    private Map<String, Object> runSettings(Setup setup, String applicationId, String stateDir) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        run.put(StreamsConfig.STATE_DIR_CONFIG, setup.workDir().resolve(stateDir).toString());
        run.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        run.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        run.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
        if (setup.embedded()) {
            run.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        }
        return run;
    }

    /** On a real cluster: the run's topics (public, baseline output, internal), as far as they can be deleted. */
    private void deleteTopics(Setup setup) {
        try (Admin admin = Admin.create(ClientConfigs.bounded(setup.clientConfig(), Duration.ofSeconds(30)))) {
            String prefix = setup.settings().topicPrefix() + ".";
            List<String> mine = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)
                    || (t.startsWith("metaspn-bench-") && t.contains(setup.runId()))).toList();
            admin.deleteTopics(mine).all().get();
            System.err.println("bench: deleted the run's " + mine.size() + " topics");
        } catch (Exception e) {
            System.err.println("bench: could not delete the run's topics (" + Failures.describe(e) + ")");
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; what cannot be deleted now is left to the OS
        }
    }
}
