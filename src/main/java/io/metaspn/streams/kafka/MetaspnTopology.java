package io.metaspn.streams.kafka;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.game.GameBinding;
import java.time.Duration;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the stream application's topology: per stage (a {@link GameBinding}: a reference stage or any game on the
 * class path), its own sub-topology
 * {@code signals topic → validate and key by entity → (repartition) → stage processor with its
 * RocksDB stores → emissions topic}. Every node, store, changelog and repartition topic is named
 * explicitly. The stage processor encodes its emissions itself (so that it can refuse a record the broker
 * would refuse before anything is written), and the sink writes those bytes.
 */
public final class MetaspnTopology {
    /** Header of every emission record: the id of the signal that caused it. */
    public static final String HEADER_SIGNAL_ID = "signal_id";
    /** Header of every emission record: the stage key. */
    public static final String HEADER_STAGE = "stage";
    /** Header of every emission record: the version of the emission schema. */
    public static final String HEADER_SCHEMA_VERSION = "schema_version";

    private MetaspnTopology() {
    }

    /**
     * The topology for {@code settings}, reading and writing Avro through {@code registry}, with the configured
     * record size limit for every topic.
     */
    public static Topology build(StreamsSettings settings, SchemaRegistryClient registry) {
        return build(settings, registry, new OutputLimits(settings.maxRecordBytes()));
    }

    /** The topology for {@code settings}, checking output against {@code limits} (which may learn while it runs). */
    public static Topology build(StreamsSettings settings, SchemaRegistryClient registry, OutputLimits limits) {
        return build(settings, registry, limits, ProcessingListener.NONE);
    }

    /**
     * The topology for {@code settings}, checking output against {@code limits}, its stage processors reporting to
     * {@code listener}.
     */
    public static Topology build(StreamsSettings settings, SchemaRegistryClient registry, OutputLimits limits,
                                 ProcessingListener listener) {
        StreamsBuilder builder = new StreamsBuilder();
        for (GameBinding<?, ?> stage : settings.stages()) {
            addStage(builder, settings, registry, limits, listener, stage);
        }
        return builder.build();
    }

    private static <T, S> void addStage(StreamsBuilder builder, StreamsSettings settings,
                                        SchemaRegistryClient registry, OutputLimits limits,
                                        ProcessingListener listener, GameBinding<T, S> stage) {
        StageAvroCodec<T, S> codec = stage.avro();
        StageTopics topics = settings.topics(stage);
        boolean publicAutoRegister = settings.autoRegisterSchemas();
        AvroRecordSerde signals = new AvroRecordSerde(registry, codec.signalSchema(), publicAutoRegister, false);
        AvroRecordSerde internalSignals = new AvroRecordSerde(registry, codec.signalSchema(), true, false);
        AvroRecordSerde emissions = new AvroRecordSerde(registry, codec.emissionSchema(), publicAutoRegister, false);
        AvroRecordSerde states = new AvroRecordSerde(registry, codec.stateSchema(), true, false);

        // cached: updates of one entity within a commit interval reach the changelog as one record
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(topics.stateStore()), Serdes.String(), states).withCachingEnabled());
        // processed ids by the time their signal was written: whole segments expire as stream time passes the
        // retention, and the changelog deletes by time too (no scans, no tombstones)
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(topics.processedStore(), settings.dedupRetention(), Duration.ofMillis(1),
                        false), Serdes.String(), Serdes.Long()));

        KStream<String, GenericRecord> keyed = builder
                .stream(topics.signals(), Consumed.with(Serdes.ByteArray(), signals).withName(topics.node("signals")))
                .process(() -> new EntityKeyer<byte[], T>(stage), Named.as(topics.node("key-by-entity")));
        if (settings.repartitionByEntity()) {
            keyed = keyed.repartition(Repartitioned.with(Serdes.String(), internalSignals)
                    .withName(topics.repartition()));
        }
        keyed.process(() -> new StageProcessor<>(stage, codec, topics, settings, limits, emissions.serializer(),
                                states.serializer(), listener),
                        Named.as(topics.node("process")), topics.stateStore(), topics.processedStore())
                .to(topics.emissions(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName(topics.node("emissions")));
    }
}
