package io.metaspn.streams.bench;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline of a benchmark: a Kafka Streams topology that copies every record of one topic to another
 * as bytes (no deserialization, no state), so its rate is what the cluster and Kafka Streams themselves
 * allow under the same guarantee, commit interval and threads.
 */
public final class PassThrough {
    private PassThrough() {
    }

    /** source({@code input}) → sink({@code output}), keys and values as {@code byte[]}. */
    public static Topology topology(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pass-through-source"))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pass-through-sink"));
        return builder.build();
    }
}
