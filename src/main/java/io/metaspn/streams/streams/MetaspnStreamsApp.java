package io.metaspn.streams.streams;

import io.metaspn.streams.registry.SchemaRegistryClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * The stream application: the topology of {@link MetaspnTopology} run by one {@link KafkaStreams}
 * instance configured by {@link StreamsAppConfig}. Closing it is graceful (pending work committed,
 * local state kept). A stream thread that dies is replaced up to {@value #THREAD_REPLACEMENTS} times in
 * {@link #REPLACEMENT_WINDOW}; after that the client shuts down rather than loop on a persistent fault.
 */
public final class MetaspnStreamsApp implements AutoCloseable {
    /** How many thread replacements are tolerated in {@link #REPLACEMENT_WINDOW}. */
    public static final int THREAD_REPLACEMENTS = 3;
    /** The window of {@link #THREAD_REPLACEMENTS}. */
    public static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    private final KafkaStreams streams;
    private final Topology topology;
    private final StreamsSettings settings;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Deque<Instant> replacements = new ArrayDeque<>();

    private MetaspnStreamsApp(Properties properties, StreamsSettings settings, SchemaRegistryClient registry) {
        this.settings = settings;
        this.topology = MetaspnTopology.build(settings, registry);
        this.streams = new KafkaStreams(topology, properties);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                running.countDown();
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(this::onUncaughtException);
    }

    /**
     * An application for {@code config}: Kafka Streams and client settings (SASL/SSL pass through),
     * {@code metaspn.*} settings, and {@value StreamsAppConfig#SCHEMA_REGISTRY_URL} (required).
     */
    public static MetaspnStreamsApp create(Map<String, ?> config) {
        SchemaRegistryClient registry = StreamsAppConfig.schemaRegistry(config);
        return new MetaspnStreamsApp(StreamsAppConfig.streamsProperties(config), StreamsAppConfig.settings(config),
                registry);
    }

    /** The topology this application runs. */
    public Topology topology() {
        return topology;
    }

    /** The stages and naming this application runs with. */
    public StreamsSettings settings() {
        return settings;
    }

    /** The Kafka Streams client (for state queries and metrics). */
    public KafkaStreams streams() {
        return streams;
    }

    /** Starts processing. */
    public void start() {
        streams.start();
    }

    /** Waits until the application is running; false when it did not get there within {@code timeout}. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
                && streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Waits until the application stopped by itself or was closed. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * Closes gracefully within {@code timeout}: pending work committed, local state kept, and the
     * consumer group left at once, so the remaining instances take over without waiting for the
     * session timeout (and a stopped application can be reset).
     */
    public boolean close(Duration timeout) {
        return streams.close(CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }

    /** Closes gracefully within 30 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private synchronized StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaughtException(
            Throwable error) {
        Instant now = Instant.now();
        while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(REPLACEMENT_WINDOW))) {
            replacements.removeFirst();
        }
        if (replacements.size() >= THREAD_REPLACEMENTS) {
            System.getLogger(MetaspnStreamsApp.class.getName()).log(System.Logger.Level.ERROR,
                    "stream thread failed again (" + replacements.size() + " replacements in " + REPLACEMENT_WINDOW
                            + "): shutting down the client", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        System.getLogger(MetaspnStreamsApp.class.getName()).log(System.Logger.Level.WARNING,
                "stream thread failed: replacing it", error);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
