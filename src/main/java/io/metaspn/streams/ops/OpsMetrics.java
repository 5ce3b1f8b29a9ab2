package io.metaspn.streams.ops;

import io.metaspn.streams.kafka.DeadLetterReason;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.ProcessingListener;
import io.metaspn.streams.kafka.RestoreProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The application's metrics in a Prometheus registry (Micrometer): Kafka Streams' own metrics through Micrometer's
 * {@link KafkaStreamsMetrics} binder ({@code kafka_stream_*}), JVM and process metrics ({@code jvm_*},
 * {@code process_*}, {@code system_*}), and per stage (tag {@code stage}) the application's own:
 *
 * <ul>
 *   <li>{@code metaspn_signals_processed_total}: signals processed (state stored, emissions forwarded);</li>
 *   <li>{@code metaspn_emissions_total}: emissions forwarded;</li>
 *   <li>{@code metaspn_dead_letters_total} (tag {@code reason}, {@link DeadLetterReason#tag()}): records sent to
 *       the dead-letter topic;</li>
 *   <li>{@code metaspn_duplicates_skipped_total}: signals skipped as already processed;</li>
 *   <li>{@code metaspn_processing_latency_seconds}: a histogram of the time one signal takes in the stage processor
 *       (decode, pipeline, encode, size checks, store writes; not the commit);</li>
 *   <li>{@code metaspn_state_entries}: the approximate number of entities in the stage's state store on this
 *       instance (active partitions);</li>
 *   <li>{@code metaspn_restore_records_restored_total} and {@code metaspn_restore_records_remaining}: changelog
 *       records restored into the stage's stores since start, and still to restore;</li>
 * </ul>
 * and {@code metaspn_ready} (1 when the instance is ready) and {@code metaspn_restoring_partitions}.
 *
 * <p>It is the application's {@link ProcessingListener}: the stream threads count into it (counters looked up
 * once per stage, no allocation per record). Counts made by a transaction that is then aborted stay counted:
 * the counters count work done, the committed output is on the topics.
 */
public final class OpsMetrics implements ProcessingListener, AutoCloseable {
    /** How often the Kafka Streams binder looks for metrics that appeared since (tasks assigned later). */
    static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(15);
    /** The buckets of the processing latency histogram. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofNanos(100_000), Duration.ofNanos(250_000),
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, StageMeters> stages = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private KafkaStreamsMetrics kafkaStreamsMetrics;
    private ScheduledExecutorService kafkaMetricsScheduler;

    /** The meters of one stage. */
    private static final class StageMeters {
        final Counter processed;
        final Counter emissions;
        final Counter duplicates;
        final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
        final Timer latency;

        StageMeters(MeterRegistry registry, String stage) {
            Tags tags = Tags.of("stage", stage);
            processed = Counter.builder("metaspn.signals.processed").tags(tags)
                    .description("Signals processed: state stored, emissions forwarded").register(registry);
            emissions = Counter.builder("metaspn.emissions").tags(tags)
                    .description("Emissions forwarded to the emissions topic").register(registry);
            duplicates = Counter.builder("metaspn.duplicates.skipped").tags(tags)
                    .description("Signals skipped because their id was already processed").register(registry);
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                deadLetters.put(reason, Counter.builder("metaspn.dead.letters").tags(tags.and("reason", reason.tag()))
                        .description("Records sent to the dead-letter topic, by reason").register(registry));
            }
            latency = Timer.builder("metaspn.processing.latency").tags(tags)
                    .description("Time to process one signal in the stage processor")
                    .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        }
    }

    /** Metrics for {@code stages} (short names): their series exist from the start, at zero. */
    public OpsMetrics(Collection<String> stages) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        for (String stage : stages) {
            meters(stage);
        }
    }

    /**
     * Adds the metrics of a created (not yet started) application: Kafka Streams' own, and per stage its state
     * entries and restore progress; {@code metaspn_ready} follows {@code ready}.
     */
    public synchronized void bind(MetaspnStreamsApp app) {
        KafkaStreams streams = app.streams();
        kafkaMetricsScheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metaspn-kafka-metrics");
            thread.setDaemon(true);
            return thread;
        });
        kafkaStreamsMetrics = new KafkaStreamsMetrics(streams, Tags.empty(), kafkaMetricsScheduler,
                KAFKA_METRICS_REFRESH);
        kafkaStreamsMetrics.bindTo(registry);
        RestoreProgress restore = app.restoreProgress();
        for (var stage : app.settings().stages()) {
            String name = stage.shortName();
            meters(name);
            String store = app.settings().topics(stage).stateStore();
            Gauge.builder("metaspn.state.entries", () -> stateEntries(streams, store)).tag("stage", name)
                    .description("Approximate number of entities in the stage's state store on this instance")
                    .strongReference(true).register(registry);
            FunctionCounter.builder("metaspn.restore.records.restored", restore, r -> r.restoredRecords(name))
                    .tag("stage", name).description("Changelog records restored into the stage's stores")
                    .register(registry);
            Gauge.builder("metaspn.restore.records.remaining", restore, r -> r.remainingRecords(name))
                    .tag("stage", name).description("Changelog records the stage's stores still have to restore")
                    .strongReference(true).register(registry);
        }
        Gauge.builder("metaspn.restoring.partitions", restore, RestoreProgress::restoringPartitions)
                .description("Store partitions being restored on this instance").strongReference(true)
                .register(registry);
        Gauge.builder("metaspn.ready", app, a -> health(a).ready() ? 1 : 0)
                .description("1 when the instance is ready (running, all state restored)").strongReference(true)
                .register(registry);
    }

    /** The health of {@code app} now. */
    static Health health(MetaspnStreamsApp app) {
        return new Health(app.state(), app.restoreProgress().restoringPartitions(), app.replacementBudgetExhausted());
    }

    /** The Micrometer registry (to add meters). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every metric in the Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void processed(String stage, int emissions, long nanos) {
        StageMeters meters = meters(stage);
        meters.processed.increment();
        if (emissions > 0) {
            meters.emissions.increment(emissions);
        }
        meters.latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void duplicateSkipped(String stage) {
        meters(stage).duplicates.increment();
    }

    @Override
    public void deadLettered(String stage, DeadLetterReason reason) {
        meters(stage).deadLetters.get(reason).increment();
    }

    /** Stops the binders' background work and the registry. */
    @Override
    public synchronized void close() {
        if (kafkaStreamsMetrics != null) {
            kafkaStreamsMetrics.close();
            kafkaMetricsScheduler.shutdownNow();
        }
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // a binder that cannot stop its listeners: the process is ending
            }
        }
        registry.close();
    }

    private StageMeters meters(String stage) {
        StageMeters meters = stages.get(stage);
        return meters != null ? meters : stages.computeIfAbsent(stage, s -> new StageMeters(registry, s));
    }

    /** The approximate entries of the store's active partitions here; NaN when they cannot be asked now. */
    private static double stateEntries(KafkaStreams streams, String store) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return Double.NaN;
        }
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            return Double.NaN;
        }
    }
}
