package io.metaspn.streams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.embedded.EmbeddedKafkaBroker;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.Games;
import io.metaspn.streams.game.reference.ReferenceGames;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.json.InvalidSignalException;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.json.StagePayloads;
import io.metaspn.streams.kafka.ApplicationProgress;
import io.metaspn.streams.kafka.AvroRecordSerde;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.ProcessingListener;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import io.metaspn.streams.ops.OpsMetrics;
import io.metaspn.streams.ops.OpsServer;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.registry.SchemaRegistryHttpServer;
import io.metaspn.streams.stages.M4Rewards;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole product on this machine, no external services: an embedded KRaft broker,
 * an in-memory schema registry served over HTTP on 127.0.0.1 (so {@code tail} can join a
 * {@code --keep-running} demo), the stream application with all stages (exactly-once), the sample
 * signals (or a given JSONL file) produced as Avro, and the committed emissions read back.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = {"Starts an embedded Kafka broker and an in-memory schema registry, runs the stream",
            "application, produces the sample signals of every reference stage (or of one --stage, a game on the",
            "class path too, or its --input), and prints",
            "the committed emissions as JSON lines and a summary per stage."})
public final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--stage", paramLabel = "STAGE", description = {"Only this stage (or game on the class path): its",
        "--input, or its sample signals (examples/<stage>-signals.jsonl on the class path)."})
    String stageName;

    @Option(names = "--input", paramLabel = "FILE", description = "JSONL signals to run instead of the samples.")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "Where the emissions go (default: stdout).")
    Path output;

    @Option(names = "--m4-config", paramLabel = "FILE", description = "M4 config JSON (as for process).")
    Path m4Config;

    @Option(names = "--keep-running", description = {"Stay up after the run (for tail, and the HTTP endpoint of the",
        "--http-* options) until interrupted."})
    boolean keepRunning;

    /** The HTTP endpoint, served with --keep-running only (a run that ends opens no port). */
    @Mixin
    HttpOptions http = new HttpOptions();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT60S",
            description = "How long to wait for the application to process everything (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** One stage's input for the run: its lines, in order. */
    private record StageInput(GameBinding<?, ?> stage, List<String> lines) {
    }

    @Override
    public Integer call() throws Exception {
        List<StageInput> inputs = inputs();
        Path workDir = Files.createTempDirectory("metaspn-demo");
        String scope = "demo-" + UUID.randomUUID();
        OpsServer.limitSlowClients(); // before the embedded registry's server, the first of the process
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start(workDir.resolve("kafka"));
             SchemaRegistryHttpServer registryServer = new SchemaRegistryHttpServer(
                     SchemaRegistries.inMemory(scope), "", null);
             PrintStream out = output == null ? new PrintStream(System.out, false, StandardCharsets.UTF_8)
                     : new PrintStream(Files.newOutputStream(output), false, StandardCharsets.UTF_8)) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            config.put(MetaspnConfig.SCHEMA_REGISTRY_URL, registryServer.url());
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "metaspn-demo");
            config.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("state").toString());
            config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
            config.put(MetaspnConfig.STAGES, String.join(",",
                    inputs.stream().map(i -> i.stage().shortName()).toList()));
            m4ConfigInto(inputs, config);
            MetaspnConfig parsed = new MetaspnConfig(config);
            StreamsSettings settings = parsed.settings();
            SchemaRegistryClient registry = SchemaRegistries.inMemory(scope);
            prepare(broker, settings, registry);
            OpsMetrics metrics = keepRunning && http.enabled()
                    ? new OpsMetrics(inputs.stream().map(i -> i.stage().shortName()).toList()) : null;
            try (metrics; OpsServer server = keepRunning ? RunCommand.startHttp(http, metrics) : null;
                 MetaspnStreamsApp app = MetaspnStreamsApp.create(parsed,
                         metrics == null ? ProcessingListener.NONE : metrics)) {
                if (server != null) {
                    metrics.bind(app);
                    server.attach(app);
                }
                app.start();
                if (!app.awaitRunning(timeout)) {
                    throw new IllegalStateException("the stream application did not start within " + timeout);
                }
                List<ObjectNode> summaries = new ArrayList<>();
                for (StageInput stageInput : inputs) {
                    summaries.add(runStage(broker, settings, registry, stageInput, out));
                }
                out.flush();
                for (ObjectNode summary : summaries) {
                    System.err.println(summary);
                }
                if (keepRunning) {
                    System.err.println("{\"bootstrap_servers\": \"" + broker.bootstrapServers()
                            + "\", \"schema_registry_url\": \"" + registryServer.url() + "\", \"keep_running\": true}");
                    app.awaitStopped();
                }
            }
        } finally {
            SchemaRegistries.dropScope(scope);
            deleteTree(workDir);
        }
        return 0;
    }

    private List<StageInput> inputs() throws IOException {
        Games games = Games.discover();
        if (input == null && stageName == null) {
            List<StageInput> samples = new ArrayList<>();
            for (GameBinding<?, ?> game : games.reference()) {
                samples.add(new StageInput(game, sample(game.shortName())));
            }
            return samples;
        }
        if (stageName == null) {
            throw new ParameterException(spec.commandLine(), "--input needs --stage");
        }
        GameBinding<?, ?> game;
        try {
            game = games.byName(stageName);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (input == null) {
            return List.of(new StageInput(game, sample(game.shortName())));
        }
        return List.of(new StageInput(game,
                Files.readAllLines(input, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList()));
    }

    private List<String> sample(String stage) throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader == null ? DemoCommand.class.getClassLoader() : loader)
                .getResourceAsStream("examples/" + stage + "-signals.jsonl")) {
            if (in == null) {
                throw new ParameterException(spec.commandLine(), "no sample signals for " + stage
                        + " (examples/" + stage + "-signals.jsonl on the class path): give them with --input");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private void m4ConfigInto(List<StageInput> inputs, Map<String, Object> config) throws IOException {
        if (m4Config == null) {
            return;
        }
        M4Rewards.Config m4 = StagePayloads.m4Config(JSON.readTree(Files.readString(m4Config)));
        config.putAll(ReferenceGames.m4Settings(m4));
    }

    private static void prepare(EmbeddedKafkaBroker broker, StreamsSettings settings, SchemaRegistryClient registry)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicsCommand.createMissing(admin, settings, PARTITIONS, (short) 1);
        }
        for (SchemasCommand.Subject subject : SchemasCommand.subjects(settings)) {
            registry.register(subject.name(), subject.schema());
        }
    }

    /** {@link #runStage} with progress lines on stderr when the stage takes long (a big --input). */
    @SuppressWarnings("try") // the progress lines are printed from their own thread
    private ObjectNode runStage(EmbeddedKafkaBroker broker, StreamsSettings settings, SchemaRegistryClient registry,
                                StageInput stageInput, PrintStream out) throws Exception {
        java.util.concurrent.atomic.AtomicLong produced = new java.util.concurrent.atomic.AtomicLong();
        String signalsTopic = settings.topics(stageInput.stage()).signals();
        try (Progress progress = Progress.start("metaspn-streams demo", Progress.Settings.DEFAULT, System.err,
                elapsed -> stageInput.stage().shortName() + ": " + produced.get() + " of " + stageInput.lines().size()
                        + " signals produced, " + processed(broker, signalsTopic) + " processed, after "
                        + elapsed.toSeconds() + " s")) {
            return runStage(broker, settings, registry, stageInput, out, produced);
        }
    }

    /** How many records of {@code topic} the demo application committed, for a progress line ("?" if unknown). */
    private static String processed(EmbeddedKafkaBroker broker, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            return Long.toString(admin.listConsumerGroupOffsets("metaspn-demo").partitionsToOffsetAndMetadata()
                    .get(5, java.util.concurrent.TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        } catch (Exception e) {
            return "?";
        }
    }

    private <T, S> ObjectNode runStage(EmbeddedKafkaBroker broker, StreamsSettings settings,
                                       SchemaRegistryClient registry, StageInput stageInput, PrintStream out,
                                       java.util.concurrent.atomic.AtomicLong produced) throws Exception {
        @SuppressWarnings("unchecked")
        GameBinding<T, S> stage = (GameBinding<T, S>) settings.stages().stream()
                .filter(s -> s.shortName().equals(stageInput.stage().shortName())).findFirst().orElseThrow();
        StageTopics topics = settings.topics(stage);
        StageAvroCodec<T, S> codec = stage.avro();
        AvroRecordSerde signals = new AvroRecordSerde(registry, codec.signalSchema(), false, false);
        SignalJson<T> json = new SignalJson<>(stage::decodePayload);
        // what the stage must commit: the emissions of the game's own engine, one dead letter per line it refuses
        Engine<T, S> engine = stage.engine();
        long expectedEmissions = 0;
        long expectedDeadLetters = 0;
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.ACKS_CONFIG, "all");
        Set<String> seenIds = new java.util.HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (String line : stageInput.lines()) {
                ProducerRecord<byte[], byte[]> record = record(topics, stage, codec, signals, json, line);
                if (record.key() == null) {
                    expectedDeadLetters++;
                } else if (seenIds.add(json.parse(line).signalId())) {
                    try {
                        expectedEmissions += engine.process(json.parse(line)).size();
                    } catch (RuntimeException e) {
                        expectedDeadLetters++;
                    }
                }
                producer.send(record);
                produced.incrementAndGet();
            }
            producer.flush();
        }
        awaitProcessed(broker, topics, settings);
        // a repeated signal id emits nothing
        awaitOutputs(broker, topics, expectedEmissions, expectedDeadLetters);
        return readBack(broker, topics, codec, registry, stageInput, out);
    }

    /** Waits until the committed output holds the emissions and dead letters the input must give. */
    private void awaitOutputs(EmbeddedKafkaBroker broker, StageTopics topics, long emissions, long deadLetters)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (readCommitted(broker, topics.emissions()).size() < emissions
                || readCommitted(broker, topics.deadLetters()).size() < deadLetters) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the stream application did not commit " + emissions
                        + " emissions and " + deadLetters + " dead letters on " + topics.emissions() + " within "
                        + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** An Avro record of a valid line, keyed by entity; an invalid line as its raw bytes, for the dead-letter path. */
    private static <T, S> ProducerRecord<byte[], byte[]> record(StageTopics topics, GameBinding<T, S> stage,
                                                                StageAvroCodec<T, S> codec, AvroRecordSerde signals,
                                                                SignalJson<T> json, String line) {
        Signal<T> signal;
        try {
            signal = json.parse(line);
        } catch (InvalidSignalException e) {
            return new ProducerRecord<>(topics.signals(), line.getBytes(StandardCharsets.UTF_8));
        }
        byte[] value = signals.serializer().serialize(topics.signals(), codec.fromSignal(signal));
        // no record timestamp: the record is stamped when written; the event time is in the envelope
        return new ProducerRecord<>(topics.signals(), stage.entityKey(signal.payload()).getBytes(StandardCharsets.UTF_8),
                value);
    }

    /** Waits until the application committed offsets at the end of the stage's input and repartition topics. */
    private void awaitProcessed(EmbeddedKafkaBroker broker, StageTopics topics, StreamsSettings settings)
            throws Exception {
        List<String> consumed = new ArrayList<>(List.of(topics.signals()));
        if (settings.repartitionByEntity()) {
            consumed.add("metaspn-demo-" + topics.repartition() + "-repartition");
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            if (!ApplicationProgress.awaitCaughtUp(admin, "metaspn-demo", consumed, timeout)) {
                throw new IllegalStateException("the stream application did not process " + topics.signals()
                        + " within " + timeout);
            }
        }
    }

    private static <T, S> ObjectNode readBack(EmbeddedKafkaBroker broker, StageTopics topics,
                                              StageAvroCodec<T, S> codec, SchemaRegistryClient registry,
                                              StageInput stageInput, PrintStream out) {
        AvroRecordSerde emissions = new AvroRecordSerde(registry, codec.emissionSchema(), false, false);
        List<ConsumerRecord<String, byte[]>> records = readCommitted(broker, topics.emissions());
        // each entity lives in one partition, in input order
        records.sort(Comparator.comparingInt((ConsumerRecord<String, byte[]> r) -> r.partition())
                .thenComparingLong(ConsumerRecord::offset));
        Set<String> entities = new TreeSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Emission<Object> emission = codec.toEmission(
                    (GenericRecord) emissions.deserializer().deserialize(topics.emissions(), record.value()));
            out.println(EmissionJsonWriter.toJson(emission));
            entities.add(record.key());
        }
        ObjectNode summary = JSON.createObjectNode();
        summary.put("stage", codec.stage().shortName());
        summary.put("signals", stageInput.lines().size());
        summary.put("emissions", records.size());
        summary.put("dead_letters", readCommitted(broker, topics.deadLetters()).size());
        summary.put("entities", entities.size());
        return summary;
    }

    private static List<ConsumerRecord<String, byte[]>> readCommitted(EmbeddedKafkaBroker broker, String topic) {
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Deletes a temporary directory tree; what cannot be deleted now is left to the OS. */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; what cannot be deleted now is left to the OS
        }
    }
}
