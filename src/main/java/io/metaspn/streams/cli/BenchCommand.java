package io.metaspn.streams.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.bench.BenchReport;
import io.metaspn.streams.bench.BenchTopics;
import io.metaspn.streams.bench.LatencyReport;
import io.metaspn.streams.bench.Pacing;
import io.metaspn.streams.bench.PassThrough;
import io.metaspn.streams.bench.PeakMemory;
import io.metaspn.streams.bench.RocksDbMemory;
import io.metaspn.streams.bench.SignalGenerator;
import io.metaspn.streams.embedded.EmbeddedKafkaBroker;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.Games;
import io.metaspn.streams.kafka.ApplicationProgress;
import io.metaspn.streams.kafka.AvroRecordSerde;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.MetaspnTopology;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.stages.StageCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
 * {@code bench}: produces generated signals for one stage (or each reference stage in turn), then runs on them,
 * one after the other and with the same guarantee, commit interval and threads, a pass-through Kafka Streams
 * application (the baseline: bytes in, bytes out), the stage's stream application, and a write-path baseline that
 * writes each signal as many times as the stage wrote records per signal; prints their rates, the ratios to both
 * baselines, the records each wrote per signal and the stage's peak RocksDB memory. With {@code --warmup}, every
 * application first runs, unmeasured, on signals of topics of its own. An embedded broker and an in-memory registry
 * unless {@code --bootstrap-servers} is given; on a real cluster every topic is named after the run
 * ({@code metaspn-bench-<run>.*}), and the run's topics, consumer groups and schema subjects are deleted at the end.
 *
 * <p>With {@code --latency}, the stage's application alone is started first; once it runs, a sender thread sends
 * the signals at a fixed offered rate ({@code --rate}, paced by the wall clock) and a {@code read_committed}
 * consumer on the emissions topic records, per signal, the time from its send to its first emission received
 * (emissions carry the {@code signal_id} header); the report gives the percentiles of these latencies.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = {"Benchmarks a stage's stream application against a pass-through Kafka Streams application",
            "and a write-path baseline (each signal written as many times as the stage writes records per signal)",
            "on the same generated signals: records/s, emissions/s, ratios, wall time, records written per signal,",
            "RocksDB memory.",
            "With --latency: the stage alone, fed at a fixed rate; p50/p99/p99.9/max signal-to-emission latency.",
            "The table goes to stdout, progress to stderr. Without --bootstrap-servers, an embedded broker and an",
            "in-memory schema registry start in this process."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every run processed every signal", "1:a run failed or timed out, or a cluster or registry"
            + " failure", "64:a bad command line or setting"})
public final class BenchCommand implements Callable<Integer> {
    private static final Set<String> GUARANTEES = Set.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE);
    private static final String PASS_THROUGH = "pass-through";
    private static final String ALL = "all";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--stage", paramLabel = "STAGE", defaultValue = "m1",
            description = "The stage: m0, m1, m2, m3, m4, or all of them one after the other (default:"
                    + " ${DEFAULT-VALUE}).")
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
            description = "exactly_once_v2 or at_least_once, for every run (default: ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--commit-interval", paramLabel = "DURATION", defaultValue = "PT0.1S",
            description = "commit.interval.ms of every run (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration commitInterval;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "num.stream.threads of every run (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "The generator's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the numbers to FILE as JSON.")
    Path json;

    @Option(names = "--latency", description = "Measure latency at a fixed offered rate instead of throughput:"
            + " the stage's application runs first, then the signals are sent at --rate per second.")
    boolean latency;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "2000",
            description = "With --latency: the offered rate, signals per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "0",
            description = {"Signals to run every application on first, unmeasured, on topics of their own, so that the"
                + " measured runs find the JIT compiler done with their code (default: ${DEFAULT-VALUE}: measured"
                + " cold)."})
    long warmup;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "How long producing, and each run, may take (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** Where one run stands: the settings every part of the benchmark shares. */
    private record Setup(Map<String, Object> config, Map<String, Object> clientConfig, StreamsSettings settings,
                         SchemaRegistryClient registry, StageTopics topics, String runId, Path workDir,
                         boolean embedded, long signals) {
        /** The stage this setup runs. */
        GameBinding<?, ?> stage() {
            return settings.stages().get(0);
        }
    }

    @Override
    public Integer call() throws Exception {
        List<String> stageNames = validate();
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
                config.putIfAbsent(MetaspnConfig.SCHEMA_REGISTRY_URL, "mem://" + scope);
            } else {
                config.put(MetaspnConfig.TOPIC_PREFIX, "metaspn-bench-" + runId);
            }
            StringBuilder tables = new StringBuilder();
            List<ObjectNode> reports = new ArrayList<>();
            List<BenchReport> throughputs = new ArrayList<>();
            for (String name : stageNames) {
                setup = setupFor(config, name, "", runId, workDir, embedded, signals);
                if (warmup > 0) {
                    String prefix = setup.settings().topicPrefix() + "-warmup";
                    Setup warm = setupFor(config, name, prefix, "warmup-" + runId, workDir, embedded, warmup);
                    warmUp(warm);
                    if (!embedded) {
                        cleanUp(warm);
                    }
                }
                StreamsSettings settings = setup.settings();
                if (latency) {
                    LatencyReport report = latency(setup, settings.stages().get(0));
                    tables.append(report.table());
                    reports.add(report.toJson());
                } else {
                    BenchReport report = bench(setup, settings.stages().get(0));
                    tables.append(report.table());
                    reports.add(report.toJson());
                    throughputs.add(report);
                }
                tables.append(System.lineSeparator());
                if (!embedded) {
                    cleanUp(setup);
                }
                setup = null;
            }
            if (throughputs.size() > 1) {
                tables.append(BenchReport.summary(throughputs));
            }
            String table = tables.toString();
            String jsonText;
            if (reports.size() == 1) {
                jsonText = reports.get(0).toPrettyString();
            } else {
                ObjectNode all = JsonNodeFactory.instance.objectNode();
                all.putArray("stages").addAll(reports);
                jsonText = all.toPrettyString();
            }
            System.out.print(table);
            System.out.flush();
            if (json != null) {
                Files.writeString(json, jsonText + System.lineSeparator(), StandardCharsets.UTF_8);
            }
            return 0;
        } finally {
            if (setup != null && !embedded) {
                cleanUp(setup);
            }
            if (broker != null) {
                broker.close();
            }
            SchemaRegistries.dropScope(scope);
            DemoCommand.deleteTree(workDir);
        }
    }

    /**
     * The setup of one stage's runs: the configuration with the stage selected (and the topic prefix, when not
     * empty), parsed.
     */
    private static Setup setupFor(Map<String, Object> config, String stage, String topicPrefix, String runId,
                                  Path workDir, boolean embedded, long signals) {
        Map<String, Object> stageConfig = new LinkedHashMap<>(config);
        stageConfig.put(MetaspnConfig.STAGES, stage);
        if (!topicPrefix.isEmpty()) {
            stageConfig.put(MetaspnConfig.TOPIC_PREFIX, topicPrefix);
        }
        Map<String, Object> clientConfig = ClientConfigs.forClients(stageConfig);
        if (embedded) {
            stageConfig.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        }
        MetaspnConfig parsed = new MetaspnConfig(stageConfig);
        StreamsSettings settings = parsed.settings();
        return new Setup(stageConfig, clientConfig, settings, parsed.schemaRegistry(),
                settings.topics(settings.stages().get(0)), runId, workDir, embedded, signals);
    }

    /**
     * Runs every application of the benchmark once on the warm-up setup's own topics, unmeasured: the pass-through,
     * the stage and the write-path baseline (in latency mode, the stage alone).
     */
    private <T, S> void warmUp(Setup warm) throws Exception {
        @SuppressWarnings("unchecked")
        GameBinding<T, S> stage = (GameBinding<T, S>) warm.stage();
        System.err.printf(Locale.ROOT, "bench: %s: warming up on %d signals%n", stage.shortName(), warm.signals());
        try (Admin admin = Admin.create(ClientConfigs.bounded(warm.clientConfig(), timeout))) {
            prepare(warm, admin);
            produce(warm, stage);
            if (!latency) {
                copier(warm, admin, BenchReport.Kind.PASS_THROUGH, 1);
            }
            BenchReport.Row stageRow = stage(warm, admin, stage);
            if (!latency) {
                copier(warm, admin, BenchReport.Kind.WRITE_PATH, copies(stageRow));
            }
        }
        System.err.printf(Locale.ROOT, "bench: %s: warmed up%n", stage.shortName());
    }

    /** The write-path baseline's copies per signal: the records the stage wrote per signal, rounded. */
    private static int copies(BenchReport.Row stageRow) {
        return (int) Math.max(1, Math.round(stageRow.writtenPerRecord()));
    }

    /** Checks the options (a bad one is the user's mistake, exit 64) and returns the stages to run. */
    private List<String> validate() {
        if (signals < 1) {
            throw new ParameterException(spec.commandLine(), "--signals must be at least 1, got " + signals);
        }
        if (warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--warmup must not be negative, got " + warmup);
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
        if (latency && (!(rate > 0) || Double.isInfinite(rate))) {
            throw new ParameterException(spec.commandLine(), "--rate must be a positive number, got " + rate);
        }
        if (!latency && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--rate")) {
            throw new ParameterException(spec.commandLine(), "--rate needs --latency");
        }
        return stageNames();
    }

    /** The short names of the stages to run, in order; an unknown stage is the user's mistake (exit 64). */
    private List<String> stageNames() {
        if (ALL.equals(stageName)) {
            return StageCatalogue.SHORT_NAMES;
        }
        String name;
        try {
            name = Games.discover().byName(stageName).shortName();
        } catch (IllegalArgumentException unknown) {
            name = stageName;
        }
        if (!StageCatalogue.SHORT_NAMES.contains(name)) {
            throw new ParameterException(spec.commandLine(), "bench generates the signals of the reference stages "
                    + String.join(", ", StageCatalogue.SHORT_NAMES) + " only (or all of them: --stage all), not of '"
                    + stageName + "'");
        }
        return List.of(name);
    }

    private <T, S> BenchReport bench(Setup setup, GameBinding<T, S> stage) throws Exception {
        try (Admin admin = Admin.create(ClientConfigs.bounded(setup.clientConfig(), timeout))) {
            prepare(setup, admin);
            Duration produced = produce(setup, stage);
            List<BenchReport.Row> rows = new ArrayList<>();
            rows.add(copier(setup, admin, BenchReport.Kind.PASS_THROUGH, 1));
            BenchReport.Row stageRow = stage(setup, admin, stage);
            rows.add(stageRow);
            rows.add(copier(setup, admin, BenchReport.Kind.WRITE_PATH, copies(stageRow)));
            return new BenchReport(stage.shortName(), setup.signals(), (int) Math.min(entities, setup.signals()),
                    partitions, guarantee, commitInterval, threads,
                    produced, rows, PeakMemory.peakRssBytes());
        }
    }

    /** The stage's public topics, the baseline's output topic, the stage's schemas. */
    private void prepare(Setup setup, Admin admin) throws Exception {
        short replication = setup.embedded() ? (short) 1 : (short) -1; // -1: the cluster's default
        TopicsCommand.createMissing(admin, setup.settings(), partitions, replication);
        admin.createTopics(List.of(new NewTopic(scratchTopic(setup, BenchReport.Kind.PASS_THROUGH), partitions,
                replication), new NewTopic(scratchTopic(setup, BenchReport.Kind.WRITE_PATH), partitions, replication)))
                .all().get();
        SchemaRegistryClient registry = setup.registry();
        for (SchemasCommand.Subject subject : SchemasCommand.subjects(setup.settings())) {
            registry.register(subject.name(), subject.schema());
        }
    }

    /** The output topic of a baseline. */
    private static String scratchTopic(Setup setup, BenchReport.Kind kind) {
        String name = kind == BenchReport.Kind.PASS_THROUGH ? PASS_THROUGH : "fan-out";
        return setup.topics().signals() + ".bench-" + name + "-" + setup.runId();
    }

    /** Produces the generated signals, keyed by entity, as Avro, and waits until every one is acknowledged. */
    private <T, S> Duration produce(Setup setup, GameBinding<T, S> stage) throws Exception {
        String topic = setup.topics().signals();
        System.err.printf(Locale.ROOT, "bench: producing %d %s signals over %d entities to %s (%d partitions)%n",
                setup.signals(), stage.shortName(), entities, topic, partitions);
        LongFunction<Encoded> encoder = encoder(setup, stage);
        Map<String, Object> producerConfig = producerConfig(setup, 10);
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        // One request in flight: a retried first batch to a just-created partition cannot fall behind a later one
        // the broker accepted (KAFKA-15591: the earlier batch then fails with OUT_OF_ORDER_SEQUENCE_NUMBER for ever).
        producerConfig.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < setup.signals(); i++) {
                producer.send(encoder.apply(i).record(), (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, error);
                    }
                });
                if ((i + 1) % 100_000 == 0 && i + 1 < setup.signals()) {
                    System.err.printf(Locale.ROOT, "bench: %d signals sent after %.1f s%n", i + 1,
                            (System.nanoTime() - start) / 1e9);
                }
            }
            producer.flush();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + setup.signals() + " signals were not acknowledged: "
                    + Failures.describe(firstError.get()));
        }
        System.err.printf(Locale.ROOT, "bench: %d signals acknowledged in %.1f s%n", setup.signals(),
                took.toNanos() / 1e9);
        return took;
    }

    /** One generated signal, ready to send: its id and its record (keyed by entity, the value in Avro). */
    private record Encoded(String signalId, ProducerRecord<byte[], byte[]> record) {
    }

    /** Signal {@code i} of the generator, encoded as a record of the signals topic. */
    private <T, S> LongFunction<Encoded> encoder(Setup setup, GameBinding<T, S> stage) {
        String topic = setup.topics().signals();
        SignalGenerator<T> generator = SignalGenerator.of(stage, seed, entities);
        StageAvroCodec<T, S> codec = stage.avro();
        Serializer<GenericRecord> serializer = new AvroRecordSerde(setup.registry(),
                codec.signalSchema(), false, false).serializer();
        return i -> {
            Signal<T> signal = generator.signal(i);
            byte[] key = stage.entityKey(signal.payload()).getBytes(StandardCharsets.UTF_8);
            byte[] value = serializer.serialize(topic, codec.fromSignal(signal));
            return new Encoded(signal.signalId(), new ProducerRecord<>(topic, key, value));
        };
    }

    /** An idempotent acks=all producer's settings, lingering {@code lingerMillis}. */
    private Map<String, Object> producerConfig(Setup setup, int lingerMillis) {
        Map<String, Object> producerConfig = new LinkedHashMap<>(setup.clientConfig());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMillis));
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        return producerConfig;
    }

    /**
     * Latency mode: the signals, encoded beforehand; the stage's application, started and RUNNING; then a sender
     * thread sends them at {@link #rate} per second while this thread reads the emissions {@code read_committed}
     * and records, per signal, the time from its send to its first emission received.
     */
    private <T, S> LatencyReport latency(Setup setup, GameBinding<T, S> stage) throws Exception {
        try (Admin admin = Admin.create(ClientConfigs.bounded(setup.clientConfig(), timeout))) {
            prepare(setup, admin);
            System.err.printf(Locale.ROOT, "bench: encoding %d %s signals over %d entities%n", signals,
                    stage.shortName(), entities);
            LongFunction<Encoded> encoder = encoder(setup, stage);
            List<Encoded> encoded = new ArrayList<>();
            for (long i = 0; i < signals; i++) {
                encoded.add(encoder.apply(i));
            }
            String applicationId = "metaspn-bench-" + stage.shortName() + "-latency-" + setup.runId();
            Map<String, Object> config = new LinkedHashMap<>(setup.config());
            config.putAll(runSettings(setup, applicationId, "state-" + stage.shortName()));
            StageTopics topics = setup.topics();
            List<String> consumed = new ArrayList<>(List.of(topics.signals()));
            if (setup.settings().repartitionByEntity()) {
                consumed.add(applicationId + "-" + topics.repartition() + "-repartition");
            }
            System.err.println("bench: " + stage.shortName() + ": starting " + applicationId);
            long created = System.nanoTime();
            try (MetaspnStreamsApp app = MetaspnStreamsApp.create(config);
                 KafkaConsumer<byte[], byte[]> consumer = emissionsConsumer(setup)) {
                app.start();
                if (!app.awaitRunning(timeout)) {
                    throw new IllegalStateException(stage.shortName() + " did not start within " + timeout
                            + " (state " + app.streams().state() + ")");
                }
                Duration startup = Duration.ofNanos(System.nanoTime() - created);
                List<TopicPartition> partitionsRead = new ArrayList<>();
                consumer.partitionsFor(topics.emissions(), timeout).forEach(p ->
                        partitionsRead.add(new TopicPartition(p.topic(), p.partition())));
                consumer.assign(partitionsRead);
                consumer.seekToEnd(partitionsRead);
                partitionsRead.forEach(p -> consumer.position(p, timeout)); // the start, fixed before sending
                Sender sender = new Sender(encoded, new Pacing(rate), producerConfig(setup, 0));
                Thread thread = new Thread(sender, "bench-latency-sender");
                System.err.printf(Locale.ROOT, "bench: %s: sending %d signals at %.0f/s%n", stage.shortName(),
                        signals, rate);
                thread.start();
                Histogram micros;
                try {
                    micros = measure(admin, app, applicationId, consumed, consumer, sender, stage.shortName());
                } finally {
                    sender.stop();
                    thread.join(timeout.toMillis());
                }
                sender.throwIfFailed();
                LatencyReport.Latencies latencies = LatencyReport.Latencies.ofMicros(micros);
                System.err.printf(Locale.ROOT, "bench: %s: %d latencies measured, p50 %.1f ms, p99 %.1f ms%n",
                        stage.shortName(), latencies.count(), latencies.p50Millis(), latencies.p99Millis());
                return new LatencyReport(stage.shortName(), signals, (int) Math.min(entities, signals), partitions,
                        guarantee, commitInterval, threads, rate, sender.achievedRate(), startup, latencies,
                        PeakMemory.peakRssBytes());
            }
        }
    }

    /** A consumer of committed records only, without a group (it is assigned its partitions). */
    private static KafkaConsumer<byte[], byte[]> emissionsConsumer(Setup setup) {
        Map<String, Object> consumerConfig = new LinkedHashMap<>(setup.clientConfig());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads the emissions until every signal's first emission was received, or, once every signal was sent and
     * the application committed the end of its input, until the end of the emissions then committed (a signal
     * without emission is then not measured).
     */
    private Histogram measure(Admin admin, MetaspnStreamsApp app, String applicationId, List<String> consumed,
                              KafkaConsumer<byte[], byte[]> consumer, Sender sender, String label) throws Exception {
        Histogram micros = new Histogram(3);
        Set<String> seen = new HashSet<>();
        long start = System.nanoTime();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        long nextCheck = start;
        Map<TopicPartition, Long> drainTo = null;
        while (seen.size() < signals) {
            var records = consumer.poll(Duration.ofMillis(20));
            long received = System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Header header = record.headers().lastHeader(MetaspnTopology.HEADER_SIGNAL_ID);
                if (header == null) {
                    continue;
                }
                String id = new String(header.value(), StandardCharsets.UTF_8);
                Long sentAt = sender.sentAt(id);
                if (sentAt != null && seen.add(id)) {
                    micros.recordValue(Math.max(0, (received - sentAt) / 1_000));
                }
            }
            sender.throwIfFailed();
            if (!app.streams().state().isRunningOrRebalancing()) {
                throw new IllegalStateException(label + " stopped before it processed its input (see the log above)");
            }
            if (received - start > timeout.toNanos()) {
                throw new TimeoutException(label + ": " + seen.size() + " of " + signals + " signals' emissions"
                        + " received within " + timeout);
            }
            if (drainTo == null && sender.done() && received >= nextCheck) {
                if (ApplicationProgress.caughtUp(admin, applicationId, consumed)) {
                    drainTo = consumer.endOffsets(consumer.assignment(), timeout);
                }
                nextCheck = received + TimeUnit.MILLISECONDS.toNanos(500);
            }
            if (drainTo != null && drainTo.entrySet().stream()
                    .allMatch(e -> consumer.position(e.getKey(), timeout) >= e.getValue())) {
                break;
            }
            if (received >= nextProgress) {
                System.err.printf(Locale.ROOT, "bench: %s: %d signals sent, %d emissions' latencies after %.1f s%n",
                        label, sender.sent(), seen.size(), (received - start) / 1e9);
                nextProgress = received + PROGRESS_EVERY.toNanos();
            }
        }
        return micros;
    }

    /** Sends the encoded signals at the pacing's rate, remembering when it sent each (by signal id). */
    private final class Sender implements Runnable {
        private final List<Encoded> encoded;
        private final Pacing pacing;
        private final Map<String, Object> producerConfig;
        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<Exception> firstError = new AtomicReference<>();
        private final CountDownLatch finished = new CountDownLatch(1);
        private volatile boolean stopped;
        private volatile long first;
        private volatile long last;

        Sender(List<Encoded> encoded, Pacing pacing, Map<String, Object> producerConfig) {
            this.encoded = encoded;
            this.pacing = pacing;
            this.producerConfig = producerConfig;
        }

        @Override
        public void run() {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig,
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.partitionsFor(encoded.get(0).record().topic()); // metadata before the clock starts
                long start = System.nanoTime();
                for (int i = 0; i < encoded.size() && !stopped; i++) {
                    long due = start + pacing.dueNanos(i);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    Encoded signal = encoded.get(i);
                    long now = System.nanoTime();
                    sentAt.put(signal.signalId(), now);
                    if (i == 0) {
                        first = now;
                    }
                    last = now;
                    producer.send(signal.record(), (metadata, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, error);
                        }
                    });
                }
                producer.flush();
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                firstError.compareAndSet(null, e);
            } finally {
                finished.countDown();
            }
        }

        Long sentAt(String signalId) {
            return sentAt.get(signalId);
        }

        long sent() {
            return sentAt.size();
        }

        boolean done() {
            return finished.getCount() == 0;
        }

        void stop() {
            stopped = true;
        }

        double achievedRate() {
            return Pacing.achievedRate(sentAt.size(), first, last);
        }

        void throwIfFailed() {
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of " + signals + " signals were not acknowledged: "
                        + Failures.describe(firstError.get()));
            }
        }
    }

    /**
     * A baseline: a byte-copying Kafka Streams application on the signals, writing each {@code copies} times (once
     * for the pass-through; for the write-path baseline, as many times as the stage wrote records per signal).
     */
    private BenchReport.Row copier(Setup setup, Admin admin, BenchReport.Kind kind, int copies) throws Exception {
        String name = kind == BenchReport.Kind.PASS_THROUGH ? PASS_THROUGH : "fan-out-" + copies;
        String applicationId = "metaspn-bench-" + name + "-" + setup.runId();
        Properties properties = new Properties();
        properties.putAll(setup.clientConfig());
        properties.putAll(runSettings(setup, applicationId, "state-" + name));
        properties.put("processing.exception.handler.global.enabled", "true"); // as the stage's app, and quiet
        String input = setup.topics().signals();
        String output = scratchTopic(setup, kind);
        KafkaStreams streams = new KafkaStreams(PassThrough.fanOut(input, output, copies), properties);
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING || newState == KafkaStreams.State.ERROR
                    || newState == KafkaStreams.State.NOT_RUNNING) {
                running.countDown();
            }
        });
        System.err.println("bench: " + name + ": starting " + applicationId);
        try {
            long created = System.nanoTime();
            streams.start();
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    || streams.state() != KafkaStreams.State.RUNNING) {
                throw new IllegalStateException(name + " did not start within " + timeout + " (state "
                        + streams.state() + ")");
            }
            Duration startup = Duration.ofNanos(System.nanoTime() - created);
            Duration measured = BenchTopics.awaitCaughtUp(admin, applicationId, List.of(input), input, setup.signals(),
                    timeout, () -> streams.state().isRunningOrRebalancing(), name, System.err);
            long emitted = BenchTopics.countCommitted(setup.clientConfig(), output, timeout);
            System.err.printf(Locale.ROOT, "bench: %s: %d records in %.2f s%n", name, setup.signals(),
                    measured.toNanos() / 1e9);
            return new BenchReport.Row(kind, name, setup.signals(), emitted, startup, measured,
                    BenchTopics.endOffsets(admin, List.of(output)), OptionalLong.empty());
        } finally {
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            streams.cleanUp();
        }
    }

    /** The stage's stream application on the signals. */
    private <T, S> BenchReport.Row stage(Setup setup, Admin admin, GameBinding<T, S> stage) throws Exception {
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
            RocksDbMemory rocksDb = new RocksDbMemory();
            Duration measured = BenchTopics.awaitCaughtUp(admin, applicationId, consumed, topics.signals(),
                    setup.signals(), timeout, () -> {
                        rocksDb.sample(app.streams().metrics());
                        return app.streams().state().isRunningOrRebalancing();
                    }, stage.shortName(), System.err);
            rocksDb.sample(app.streams().metrics());
            long emitted = BenchTopics.countCommitted(setup.clientConfig(), topics.emissions(), timeout)
                    - before.get(topics.emissions());
            System.err.printf(Locale.ROOT, "bench: %s: %d signals, %d emissions in %.2f s%n", stage.shortName(),
                    setup.signals(), emitted, measured.toNanos() / 1e9);
            List<String> written = new ArrayList<>(List.of(topics.emissions(), topics.deadLetters()));
            admin.listTopics().names().get().stream().filter(t -> t.startsWith(applicationId + "-")).sorted()
                    .forEach(written::add);
            Map<String, Long> grown = new LinkedHashMap<>();
            BenchTopics.endOffsets(admin, written).forEach((topic, end) ->
                    grown.put(topic, end - before.getOrDefault(topic, 0L)));
            return new BenchReport.Row(BenchReport.Kind.STAGE, stage.shortName(), setup.signals(), emitted, startup,
                    measured, grown, rocksDb.peakBytes());
        }
    }

    /** The settings every run shares, under their own application id and state directory. */
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

    /**
     * On a real cluster: what the run left there, as far as it can be deleted: its topics (public, baselines' output,
     * internal), its applications' consumer groups and its schema subjects.
     */
    private void cleanUp(Setup setup) {
        String prefix = setup.settings().topicPrefix() + ".";
        Predicate<String> mine = name -> name.startsWith(prefix)
                || (name.startsWith("metaspn-bench-") && name.contains(setup.runId()));
        try (Admin admin = Admin.create(ClientConfigs.bounded(setup.clientConfig(), Duration.ofSeconds(30)))) {
            List<String> topics = admin.listTopics().names().get().stream().filter(mine).toList();
            admin.deleteTopics(topics).all().get();
            List<String> groups = admin.listGroups().all().get().stream().map(GroupListing::groupId).filter(mine)
                    .toList();
            admin.deleteConsumerGroups(groups).all().get();
            System.err.println("bench: deleted the run's " + topics.size() + " topics and " + groups.size()
                    + " consumer groups");
        } catch (Exception e) {
            System.err.println("bench: could not delete the run's topics and groups (" + Failures.describe(e) + ")");
        }
        try {
            List<String> subjects = setup.registry().subjects().stream().filter(mine).toList();
            subjects.forEach(setup.registry()::deleteSubject);
            System.err.println("bench: deleted the run's " + subjects.size() + " schema subjects");
        } catch (RuntimeException e) {
            System.err.println("bench: could not delete the run's schema subjects (" + Failures.describe(e) + ")");
        }
    }

}
