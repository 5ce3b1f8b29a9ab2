package io.metaspn.streams.bench;

import java.util.Collections;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baselines of a benchmark: Kafka Streams topologies that copy the records of one topic to another as bytes
 * (no deserialization, no state), so their rates are what the cluster and Kafka Streams themselves allow under the
 * same guarantee, commit interval and threads.
 */
public final class PassThrough {
    private PassThrough() {
    }

    /**
     * source({@code input}) → {@code copies} copies of each record → sink({@code output}), keys and values as
     * {@code byte[]}: with 1 copy, the pass-through; with as many as a stage writes records per input record, the
     * cost of that writing without the stage's work.
     */
    public static Topology fanOut(String input, String output, int copies) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        }
        StreamsBuilder builder = new StreamsBuilder();
        var source = builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withName("pass-through-source"));
        var copied = copies == 1 ? source
                : source.flatMapValues(value -> Collections.nCopies(copies, value), Named.as("fan-out"));
        copied.to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pass-through-sink"));
        return builder.build();
    }
}
