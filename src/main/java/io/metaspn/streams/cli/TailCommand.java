package io.metaspn.streams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.kafka.AvroRecordSerde;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.registry.SchemaRegistryClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tail}: a stage's committed emissions (or dead letters) as JSON lines. */
@Command(name = "tail", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = {"Prints a stage's emissions as JSON lines (read_committed: only what exactly-once",
            "transactions committed), or with --dlq its dead letters with their error headers.",
            "Stops after --max records, or when nothing new arrived for --timeout."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the records were printed", "1:an I/O, cluster or registry failure",
            "64:a bad command line or setting"})
public final class TailCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    StageOption stage = new StageOption();

    @Option(names = "--dlq", description = "Read the dead-letter topic instead of the emissions.")
    boolean deadLetters;

    @Option(names = "--from-beginning", description = "Start at the oldest record (default: only new ones).")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10S",
            description = "Stop when nothing arrived for this long (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> config = cluster.configuration();
        ClusterOptions.requireBootstrapServers(config);
        if (!deadLetters) {
            ClusterOptions.requireSchemaRegistryUrl(config);
        }
        MetaspnConfig settings = new MetaspnConfig(config);
        return tail(stage.stage(settings), settings, config, System.out);
    }

    <T, S> int tail(GameBinding<T, S> selected, MetaspnConfig settings, Map<String, Object> config, PrintStream out) {
        StageTopics topics = settings.topics(selected);
        String topic = deadLetters ? topics.deadLetters() : topics.emissions();
        Map<String, Object> consumerConfig = ClientConfigs.forClients(config);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        StageAvroCodec<T, S> codec = selected.avro();
        SchemaRegistryClient registry = deadLetters ? null : settings.schemaRegistry();
        AvroRecordSerde emissions = deadLetters ? null
                : new AvroRecordSerde(registry, codec.emissionSchema(), false, false);
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Instant lastRecord = Instant.now();
            while ((max == null || printed < max) && Duration.between(lastRecord, Instant.now()).compareTo(timeout) < 0) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    lastRecord = Instant.now();
                    out.println(deadLetters ? deadLetter(record)
                            : EmissionJsonWriter.toJson(codec.toEmission(
                                    emissions.deserializer().deserialize(topic, record.value()))));
                    printed++;
                    if (max != null && printed >= max) {
                        break;
                    }
                }
            }
        }
        out.flush();
        return 0;
    }

    private static String deadLetter(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        line.put("key", record.key() == null ? null : Base64.getEncoder().encodeToString(record.key()));
        line.put("value", record.value() == null ? null : Base64.getEncoder().encodeToString(record.value()));
        ObjectNode headers = line.putObject("headers");
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return line.toString();
    }
}
