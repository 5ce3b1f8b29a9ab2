package io.metaspn.streams.it;

import io.metaspn.streams.game.reference.ReferenceBindings;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.embedded.EmbeddedKafkaBroker;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.registry.SchemaRegistryHttpServer;
import io.metaspn.streams.registry.InMemorySchemaRegistryClient;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.kafka.ApplicationProgress;
import io.metaspn.streams.kafka.AvroRecordSerde;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A real single-node KRaft broker (in this JVM) and a Confluent-API registry over real HTTP, with
 * the helpers the guarantee tests share: topics, schemas, producing signals as Avro, reading
 * committed output, waiting for an application to catch up, and the state a pure replay gives.
 */
public final class RealCluster implements AutoCloseable {
    public final EmbeddedKafkaBroker broker;
    public final SchemaRegistryHttpServer registryServer;
    public final SchemaRegistryClient registry;
    private final String bootstrapServers;
    private final String registryUrl;
    private final String scope = "it-" + UUID.randomUUID();

    /** An embedded broker in {@code dataDir} and a registry server, both owned and closed by this object. */
    public RealCluster(Path dataDir) throws Exception {
        this(dataDir, Map.of());
    }

    /** As {@link #RealCluster(Path)}, the broker with {@code brokerSettings} over its own. */
    public RealCluster(Path dataDir, Map<String, String> brokerSettings) throws Exception {
        this.broker = new EmbeddedKafkaBroker(EmbeddedKafkaBroker.DEFAULT_STARTUP_TIMEOUT, brokerSettings)
                .start(dataDir);
        InMemorySchemaRegistryClient backend = SchemaRegistries.inMemory(scope);
        this.registryServer = new SchemaRegistryHttpServer(backend, "", null);
        this.bootstrapServers = broker.bootstrapServers();
        this.registryUrl = registryServer.url();
        this.registry = SchemaRegistries.forUrl(registryUrl, Map.of());
    }

    /** An embedded broker in {@code dataDir} (owned) and a registry run elsewhere (e.g. Apicurio). */
    public RealCluster(Path dataDir, String registryUrl) {
        this.broker = new EmbeddedKafkaBroker().start(dataDir);
        this.registryServer = null;
        this.bootstrapServers = broker.bootstrapServers();
        this.registryUrl = registryUrl;
        this.registry = SchemaRegistries.forUrl(registryUrl, Map.of());
    }

    /** A cluster and registry run elsewhere (e.g. in containers). */
    public RealCluster(String bootstrapServers, String registryUrl) {
        this.broker = null;
        this.registryServer = null;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.registry = SchemaRegistries.forUrl(registryUrl, Map.of());
    }

    /** The bootstrap servers. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The registry's URL. */
    public String registryUrl() {
        return registryUrl;
    }

    /** The application configuration for {@code applicationId} running {@code stages}. */
    public Map<String, Object> appConfig(String applicationId, Path stateDir, String stages) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(MetaspnConfig.SCHEMA_REGISTRY_URL, registryUrl);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        config.put(MetaspnConfig.STAGES, stages);
        return config;
    }

    /** Creates the stage's public topics and registers its public schemas. */
    public StageTopics prepare(Stage<?, ?> stage, StreamsSettings settings, int partitions) throws Exception {
        StageTopics topics = settings.topics(stage);
        try (Admin admin = admin()) {
            List<String> names = List.of(topics.signals(), topics.emissions(), topics.deadLetters());
            admin.createTopics(names.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList())
                    .all().get();
            awaitLeaders(admin, names);
        }
        StageAvroCodec<?, ?> codec = ReferenceBindings.of(stage).avro();
        registry.register(topics.signals() + "-value", codec.signalSchema());
        registry.register(topics.emissions() + "-value", codec.emissionSchema());
        return topics;
    }

    /** Waits until every partition of {@code topics} has a leader (a new topic's first sends then go through). */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        Await.until("a leader for every partition of " + topics, Duration.ofSeconds(30),
                () -> haveLeaders(admin, topics));
    }

    private static boolean haveLeaders(Admin admin, List<String> topics) throws InterruptedException {
        try {
            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (java.util.concurrent.ExecutionException notYetKnown) {
            // a topic just created may not be in the metadata yet
            return false;
        }
    }

    public Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers));
    }

    /** The Avro bytes of a signal line (Confluent wire format, schema registered). */
    public <T> byte[] encode(Stage<T, ?> stage, StageTopics topics, String line) {
        Signal<T> signal = new SignalJson<>(ReferenceBindings.of(stage)::decodePayload).parse(line);
        return new AvroRecordSerde(registry, ReferenceBindings.of(stage).avro().signalSchema(), false, false).serializer()
                .serialize(topics.signals(), ReferenceBindings.of(stage).avro().fromSignal(signal));
    }

    /**
     * An idempotent producer with one request in flight: on a loaded machine a just-created topic can answer
     * NOT_LEADER_OR_FOLLOWER, and the retries of several in-flight batches then end in OUT_OF_ORDER_SEQUENCE.
     */
    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    }

    /** Sends records (key, value) to {@code topic} and waits for the acks. */
    public void send(String topic, List<byte[][]> keyValues) {
        Map<String, Object> config = producerConfig();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (byte[][] keyValue : keyValues) {
                acks.add(producer.send(new ProducerRecord<>(topic, keyValue[0], keyValue[1])));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending to " + topic, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a record could not be sent to " + topic, e.getCause());
        }
    }

    /** Signal lines ({timestamp, line} pairs) as Avro records keyed by entity and stamped with their timestamp. */
    public <T> void sendAt(String topic, List<Object[]> stampedLines, Stage<T, ?> stage, StageTopics topics) {
        Map<String, Object> config = producerConfig();
        SignalJson<T> json = new SignalJson<>(ReferenceBindings.of(stage)::decodePayload);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Object[] stamped : stampedLines) {
                String line = (String) stamped[1];
                byte[] key = stage.entityKey(json.parse(line).payload()).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, null, ((Instant) stamped[0]).toEpochMilli(), key,
                        encode(stage, topics, line))).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending to " + topic, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a record could not be sent to " + topic, e.getCause());
        }
    }

    /**
     * Signal lines as Avro records keyed by entity, in order, as the {@code produce} command sends them.
     * (Input keyed otherwise still puts each entity's state in one place, but the order of one entity's
     * signals across input partitions is then the broker's, not the producer's.)
     */
    public <T> void produceSignals(Stage<T, ?> stage, StageTopics topics, List<String> lines) {
        send(topics.signals(), keyedByEntity(stage, topics, lines));
    }

    /** Signal lines as (entity key, Avro value) records, in order. */
    public <T> List<byte[][]> keyedByEntity(Stage<T, ?> stage, StageTopics topics, List<String> lines) {
        SignalJson<T> json = new SignalJson<>(ReferenceBindings.of(stage)::decodePayload);
        List<byte[][]> records = new ArrayList<>();
        for (String line : lines) {
            byte[] key = stage.entityKey(json.parse(line).payload()).getBytes(StandardCharsets.UTF_8);
            records.add(new byte[][] {key, encode(stage, topics, line)});
        }
        return records;
    }

    /** Everything committed on {@code topic}, partition by partition in offset order (read_committed). */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        return read(topic, "read_committed");
    }

    /**
     * Waits until no transaction is open on {@code topic}: its last stable offsets equal its high watermarks. A
     * transaction's markers reach each partition on their own, so an application's committed offsets can be
     * visible a moment before its output on another topic is.
     */
    private void awaitNoOpenTransactions(String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Await.until("no transaction open on " + topic, Duration.ofSeconds(30),
                    () -> offsets(admin, latest, IsolationLevel.READ_COMMITTED)
                            .equals(offsets(admin, latest, IsolationLevel.READ_UNCOMMITTED)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + topic, e);
        } catch (Exception e) {
            throw new AssertionError("cannot read the offsets of " + topic, e);
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Map<TopicPartition, OffsetSpec> specs,
                                                     IsolationLevel isolation)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all().get()
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** Everything on {@code topic} visible at {@code isolationLevel}, partition by partition in offset order. */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, String isolationLevel) {
        if ("read_committed".equals(isolationLevel)) {
            awaitNoOpenTransactions(topic);
        }
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return records;
    }

    /** The emissions committed on the stage's emissions topic, decoded. */
    public <T, S> List<Emission<Object>> emissions(Stage<T, S> stage, StageTopics topics) {
        StageAvroCodec<T, S> codec = ReferenceBindings.of(stage).avro();
        AvroRecordSerde serde = new AvroRecordSerde(registry, codec.emissionSchema(), false, false);
        List<Emission<Object>> emissions = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readCommitted(topics.emissions())) {
            emissions.add(codec.toEmission(serde.deserializer().deserialize(topics.emissions(), record.value())));
        }
        return emissions;
    }

    /** Waits until {@code applicationId} committed offsets at the end of each of {@code topics}. */
    public void awaitCaughtUp(String applicationId, List<String> topics, Duration timeout) throws Exception {
        try (Admin admin = admin()) {
            if (!ApplicationProgress.awaitCaughtUp(admin, applicationId, topics, timeout)) {
                throw new AssertionError(applicationId + " did not catch up on " + topics + " within " + timeout);
            }
        }
    }

    /** The per-entity states a pure replay of the engine over {@code lines} ends with. */
    public static <T, S> Map<String, S> replayStates(Stage<T, S> stage, List<String> lines) {
        SignalJson<T> json = new SignalJson<>(ReferenceBindings.of(stage)::decodePayload);
        Engine<T, S> engine = stage.engine();
        for (String line : lines) {
            engine.process(json.parse(line));
        }
        Map<String, S> states = new HashMap<>();
        for (String key : engine.keys()) {
            states.put(key, engine.getState(key).value());
        }
        return states;
    }

    /** The latest state per entity on the stage's changelog, decoded. */
    public <T, S> Map<String, S> changelogStates(Stage<T, S> stage, String applicationId, StageTopics topics) {
        StageAvroCodec<T, S> codec = ReferenceBindings.of(stage).avro();
        String changelog = applicationId + "-" + topics.stateStore() + "-changelog";
        AvroRecordSerde serde = new AvroRecordSerde(registry, codec.stateSchema(), false, false);
        Map<String, S> states = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readCommitted(changelog)) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                states.remove(key);
            } else {
                states.put(key, codec.toState((GenericRecord) serde.deserializer().deserialize(changelog,
                        record.value())));
            }
        }
        return states;
    }

    @Override
    public void close() {
        if (registryServer != null) {
            registryServer.close();
        }
        if (broker != null) {
            broker.close();
        }
        SchemaRegistries.dropScope(scope);
    }
}
