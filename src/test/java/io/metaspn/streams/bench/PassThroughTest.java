package io.metaspn.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class PassThroughTest {
    @Test
    void thePassThroughCopiesEachRecordOnceAsItIs() {
        assertThat(run(PassThrough.fanOut("in", "out", 1), "k", "v")).containsExactly("k=v");
    }

    @Test
    void theFanOutWritesEachRecordAsManyTimesAsAskedInOrder() {
        assertThat(run(PassThrough.fanOut("in", "out", 3), "k", "v")).containsExactly("k=v", "k=v", "k=v");
    }

    @Test
    void aFanOutNeedsAtLeastOneCopy() {
        assertThatThrownBy(() -> PassThrough.fanOut("in", "out", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    private static List<String> run(org.apache.kafka.streams.Topology topology, String key, String value) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "pass-through-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, properties)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic("out", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            in.pipeInput(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
            return out.readRecordsToList().stream().map(PassThroughTest::text).toList();
        }
    }

    private static String text(TestRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8) + "=" + new String(record.value(),
                StandardCharsets.UTF_8);
    }
}
