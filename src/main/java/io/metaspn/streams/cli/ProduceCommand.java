package io.metaspn.streams.cli;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.avro.StageCodecs;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.json.InvalidSignalException;
import io.metaspn.streams.json.RejectionWriter;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.json.StagePayloads;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.streams.AvroRecordSerde;
import io.metaspn.streams.streams.StageTopics;
import io.metaspn.streams.streams.StreamsAppConfig;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code produce}: JSONL signals to a stage's signals topic as Avro, keyed by entity. */
@Command(name = "produce", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = {"Sends JSONL signals to the stage's signals topic as Avro (Confluent wire format), keyed by",
            "entity, with the signal's event time as the record timestamp. A line that cannot be accepted",
            "is reported on stderr as `process` does and is not sent."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every line was sent", "2:some lines were rejected (see stderr)", "1:an error"})
public final class ProduceCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    StageOption stage = new StageOption();

    @Option(names = "--input", paramLabel = "FILE", defaultValue = "-",
            description = "JSONL signals; - for stdin (default).")
    String input;

    @Option(names = "--auto-register", description = "Register the signal schema if it is not registered yet.")
    boolean autoRegister;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> config = cluster.configuration();
        return produce(stage.stage(), config);
    }

    private <T, S> int produce(Stage<T, S> selected, Map<String, Object> config) throws Exception {
        StageTopics topics = StreamsAppConfig.settings(config).topics(selected);
        StageAvroCodec<T, S> codec = StageCodecs.forStage(selected);
        SchemaRegistryClient registry = StreamsAppConfig.schemaRegistry(config);
        SignalJson<T> json = new SignalJson<>(StagePayloads.decoderFor(selected));
        Map<String, Object> producerConfig = ClientConfigs.forClients(config);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        int rejected = 0;
        try (BufferedReader reader = reader();
             RejectionWriter rejections = new RejectionWriter(new FileOutputStream(FileDescriptor.err));
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerConfig,
                     new StringSerializer(),
                     new AvroRecordSerde(registry, codec.signalSchema(), autoRegister, false).serializer())) {
            long lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Signal<T> signal;
                try {
                    signal = json.parse(line);
                } catch (InvalidSignalException e) {
                    rejected++;
                    rejections.reject(lineNumber, e);
                    continue;
                }
                producer.send(new ProducerRecord<>(topics.signals(), null, signal.timestamp().toEpochMilli(),
                        selected.entityKey(signal.payload()), codec.fromSignal(signal)));
            }
            producer.flush();
        }
        return rejected == 0 ? 0 : 2;
    }

    private BufferedReader reader() throws java.io.IOException {
        return "-".equals(input)
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
    }
}
