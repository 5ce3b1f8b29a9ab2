package io.metaspn.streams.cli;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.json.InvalidSignalException;
import io.metaspn.streams.json.RejectionWriter;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.kafka.AvroRecordSerde;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.registry.SchemaRegistryClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code produce}: JSONL signals to a stage's signals topic as Avro, keyed by entity. */
@Command(name = "produce", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        description = {"Sends JSONL signals to the stage's signals topic as Avro (Confluent wire format), keyed by",
            "entity, idempotently with acks=all. The record timestamp is the time of writing; the signal's event",
            "time travels in the record. A line that cannot be accepted is reported on stderr as `process`",
            "does and is not sent. When a signal is not acknowledged (cluster unreachable, authentication",
            "refused, delivery timed out) sending stops and one line on stderr says how many were not acknowledged",
            "and why."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every line was sent and acknowledged", "2:some lines were rejected (see stderr)",
            "1:some signals were not acknowledged (takes precedence over 2), or an I/O, cluster or registry failure",
            "64:a bad command line or setting"})
public final class ProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    StageOption stage = new StageOption();

    @Option(names = "--input", paramLabel = "FILE", defaultValue = "-",
            description = "JSONL signals; - for stdin (default).")
    String input;

    @Option(names = "--auto-register", description = "Register the signal schema if it is not registered yet.")
    boolean autoRegister;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT60S",
            description = {"How long to wait for the cluster, for each signal's acknowledgement and for the close",
                "(ISO-8601, default: ${DEFAULT-VALUE})."})
    Duration timeout;

    private final Progress.Settings progress;

    /** The command as the command line runs it: progress lines on stderr once a run takes a few seconds. */
    public ProduceCommand() {
        this(Progress.Settings.DEFAULT);
    }

    ProduceCommand(Progress.Settings progress) {
        this.progress = progress;
    }

    @Override
    public Integer call() throws Exception {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
        }
        Map<String, Object> config = cluster.configuration();
        ClusterOptions.requireBootstrapServers(config);
        ClusterOptions.requireSchemaRegistryUrl(config);
        MetaspnConfig settings = new MetaspnConfig(config);
        return produce(stage.stage(settings), settings, config);
    }

    @SuppressWarnings("try") // the progress lines are printed from their own thread; the body never calls them
    private <T, S> int produce(GameBinding<T, S> selected, MetaspnConfig settings, Map<String, Object> config)
            throws Exception {
        StageTopics topics = settings.topics(selected);
        StageAvroCodec<T, S> codec = selected.avro();
        SchemaRegistryClient registry = settings.schemaRegistry();
        SignalJson<T> json = new SignalJson<>(selected::decodePayload);
        Map<String, Object> clientConfig = ClientConfigs.forClients(config);
        Deliveries deliveries = new Deliveries();
        AtomicLong rejected = new AtomicLong();
        long stoppedAt = 0;
        try (BufferedReader reader = reader();
             RejectionWriter rejections = new RejectionWriter(System.err);
             Progress lines = Progress.start(spec.qualifiedName(), progress, System.err, elapsed ->
                     deliveries.signals.get() + " signals read, " + deliveries.acknowledged.get() + " acknowledged ("
                             + Progress.rate(deliveries.acknowledged.get(), elapsed) + "/s), " + rejected.get()
                             + " rejected, after " + elapsed.toSeconds() + " s")) {
            checkCluster(clientConfig, deliveries);
            KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(producerConfig(clientConfig),
                    new StringSerializer(),
                    new AvroRecordSerde(registry, codec.signalSchema(), autoRegister, false).serializer());
            try {
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
                        rejected.incrementAndGet();
                        rejections.reject(lineNumber, e);
                        continue;
                    }
                    deliveries.signals.incrementAndGet();
                    if (deliveries.failed()) {
                        if ("-".equals(input)) { // standard input may never end: stop reading it
                            stoppedAt = lineNumber;
                            break;
                        }
                        continue; // a file: count what was not written
                    }
                    try {
                        producer.send(new ProducerRecord<>(topics.signals(), selected.entityKey(signal.payload()),
                                codec.fromSignal(signal)), deliveries);
                    } catch (RuntimeException notSent) {
                        deliveries.fail(notSent);
                    }
                }
                producer.flush();
            } finally {
                producer.close(timeout);
            }
        }
        long notWritten = deliveries.signals.get() - deliveries.acknowledged.get();
        if (notWritten > 0) {
            System.err.println(spec.qualifiedName() + ": " + notWritten + " of " + deliveries.signals.get()
                    + " signals were not acknowledged by " + topics.signals()
                    + " (not written, or written unconfirmed; sending them again is safe, the stage skips a signal id"
                    + " it already processed): "
                    + (deliveries.failed() ? Failures.describe(deliveries.firstError.get()) : "not acknowledged")
                    + (stoppedAt > 0 ? "; stopped reading standard input at line " + stoppedAt : ""));
            return Failures.EXIT_FAILURE;
        }
        return rejected.get() == 0 ? 0 : 2;
    }

    /** Fails {@code deliveries} unless the cluster answers (connection and authentication) within the timeout. */
    private void checkCluster(Map<String, Object> clientConfig, Deliveries deliveries) throws InterruptedException {
        try (Admin admin = Admin.create(ClientConfigs.bounded(clientConfig, timeout))) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE,
                    timeout.toMillis()))).clusterId().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            deliveries.fail(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                    ? noAnswer(clientConfig) : e.getCause());
        } catch (TimeoutException e) {
            deliveries.fail(noAnswer(clientConfig));
        }
    }

    private TimeoutException noAnswer(Map<String, Object> clientConfig) {
        return new TimeoutException("no answer from the cluster at " + clientConfig.get("bootstrap.servers")
                + " within " + timeout + "; check --bootstrap-servers and the --config security settings");
    }

    private Map<String, Object> producerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> config = ClientConfigs.bounded(clientConfig, timeout);
        config.remove("default.api.timeout.ms");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        long timeoutMs = timeout.toMillis();
        long linger = Long.parseLong(String.valueOf(config.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, "5")));
        long request = Long.parseLong(String.valueOf(config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeoutMs));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(timeoutMs, linger + request)));
        return config;
    }

    private BufferedReader reader() throws IOException {
        return "-".equals(input)
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
    }

    /** How many signals there were and were acknowledged, and the first failure. */
    private static final class Deliveries implements Callback {
        final AtomicLong signals = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicReference<Throwable> firstError = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                acknowledged.incrementAndGet();
            } else {
                fail(exception);
            }
        }

        void fail(Throwable error) {
            firstError.compareAndSet(null, error);
        }

        boolean failed() {
            return firstError.get() != null;
        }
    }
}
