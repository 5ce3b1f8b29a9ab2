package io.metaspn.streams.kafka;

import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.game.GameBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The stream application: the topology of {@link MetaspnTopology} run by one {@link KafkaStreams}
 * instance configured by {@link StreamsAppConfig} and {@link MetaspnConfig}. Closing it is graceful (pending work
 * committed, local state kept).
 *
 * <p>Creating it checks that the schemas it writes to public topics are registered (unless it registers
 * them itself), so that a missing deployment step fails at once with the subject to register rather than
 * in a loop of failing stream threads.
 *
 * <p>Creating it also reads what the emissions topics accept ({@link OutputLimits}), so that output the
 * broker would refuse is dead-lettered with its signal instead of written, and warns about public topic
 * settings that lose data ({@link TopicSettingsCheck}).
 *
 * <p>A stream thread that dies of a fault that is not a record's ({@link Faults#isNotTheRecords}: registry or
 * broker unreachable, a write the broker refused, after which the topics' limits are read again) is replaced
 * after a backoff that grows from {@link #INFRASTRUCTURE_BACKOFF} to
 * {@link #INFRASTRUCTURE_BACKOFF_MAX}, for as long as the fault lasts: the record is processed again when
 * it is gone. A thread that dies of anything else is replaced up to {@value #THREAD_REPLACEMENTS} times in
 * {@link #REPLACEMENT_WINDOW}; after that the client shuts down rather than loop on a persistent fault.
 *
 * <p>For health checks it tells its client {@link #state()}, whether all its local state is restored
 * ({@link #restoreProgress()}: a Kafka Streams 4 client is RUNNING while tasks still restore), and whether the
 * thread replacement budget ran out ({@link #replacementBudgetExhausted()}). It reports what it processes to a
 * {@link ProcessingListener} (metrics), and knows nothing of HTTP or of a metrics library.
 */
public final class MetaspnStreamsApp implements AutoCloseable {
    /** How many thread replacements are tolerated in {@link #REPLACEMENT_WINDOW}. */
    public static final int THREAD_REPLACEMENTS = 3;
    /** The window of {@link #THREAD_REPLACEMENTS}. */
    public static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);
    /** The wait before replacing a thread after the first infrastructure fault; doubled for each further one. */
    public static final Duration INFRASTRUCTURE_BACKOFF = Duration.ofSeconds(1);
    /** The longest wait before replacing a thread after an infrastructure fault. */
    public static final Duration INFRASTRUCTURE_BACKOFF_MAX = Duration.ofSeconds(30);
    private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> STATIC_MEMBERSHIP_KEYS = List.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    private static final System.Logger LOG = System.getLogger(MetaspnStreamsApp.class.getName());

    private final KafkaStreams streams;
    private final Topology topology;
    private final StreamsSettings settings;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Properties properties;
    private final OutputLimits limits;
    private final Deque<Instant> replacements = new ArrayDeque<>();
    private final RestoreProgress restoreProgress = new RestoreProgress();
    private final Optional<HostInfo> applicationServer;
    private volatile boolean replacementBudgetExhausted;
    private Instant lastInfrastructureFault = Instant.MIN;
    private Duration infrastructureBackoff = Duration.ZERO;

    private MetaspnStreamsApp(Properties properties, StreamsSettings settings, SchemaRegistryClient registry,
                              ProcessingListener listener) {
        this.settings = settings;
        this.properties = properties;
        this.limits = new OutputLimits(settings.maxRecordBytes());
        String server = properties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, "");
        this.applicationServer = server.isBlank() ? Optional.empty() : Optional.of(HostInfo.buildFromEndpoint(server));
        checkTopics(true);
        this.topology = MetaspnTopology.build(settings, registry, limits, listener);
        Properties withListener = new Properties();
        withListener.putAll(properties);
        // the dead-letter handlers, created by Kafka Streams from their class name, find it in their configuration
        withListener.put(MetaspnConfig.PROCESSING_LISTENER, listener);
        this.streams = new KafkaStreams(topology, withListener);
        streams.setGlobalStateRestoreListener(restoreProgress);
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
     * {@code metaspn.*} settings, and {@value MetaspnConfig#SCHEMA_REGISTRY_URL} (required).
     *
     * @throws org.apache.kafka.common.config.ConfigException for a bad or missing setting
     * @throws SchemaNotRegisteredException when auto-registration is off and a schema the application
     *     writes is not registered under its subject
     * @throws io.metaspn.streams.registry.SchemaRegistryException when the registry cannot be asked
     */
    public static MetaspnStreamsApp create(Map<String, ?> config) {
        return create(new MetaspnConfig(config), ProcessingListener.NONE);
    }

    /**
     * As {@link #create(Map)}, reporting what it processes to {@code listener} (called on the stream threads).
     *
     * @throws org.apache.kafka.common.config.ConfigException for a bad or missing setting
     * @throws SchemaNotRegisteredException when auto-registration is off and a schema the application
     *     writes is not registered under its subject
     * @throws io.metaspn.streams.registry.SchemaRegistryException when the registry cannot be asked
     */
    public static MetaspnStreamsApp create(Map<String, ?> config, ProcessingListener listener) {
        return create(new MetaspnConfig(config), listener);
    }

    /**
     * An application for {@code config}, already parsed (its originals are the Kafka Streams and client settings),
     * reporting what it processes to {@code listener} (called on the stream threads).
     *
     * @throws org.apache.kafka.common.config.ConfigException for a bad or missing setting
     * @throws SchemaNotRegisteredException when auto-registration is off and a schema the application
     *     writes is not registered under its subject
     * @throws io.metaspn.streams.registry.SchemaRegistryException when the registry cannot be asked
     */
    public static MetaspnStreamsApp create(MetaspnConfig config, ProcessingListener listener) {
        config.unknownSettings().forEach(key -> LOG.log(System.Logger.Level.WARNING, "ignoring " + key
                + ": not a setting (see the README's settings)"));
        SchemaRegistryClient registry = config.schemaRegistry();
        StreamsSettings settings = config.settings();
        requireWrittenSchemas(settings, registry);
        return new MetaspnStreamsApp(StreamsAppConfig.streamsProperties(config.originals()), settings, registry,
                Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Reads what the emissions topics accept into {@link #limits} ({@link TopicSettingsCheck}), and logs what is
     * wrong with the public topics' settings when {@code warn}. A cluster that cannot be asked now is not checked.
     */
    private void checkTopics(boolean warn) {
        Map<String, Object> adminConfig = new StreamsConfig(properties).getAdminConfigs("metaspn-topic-check");
        try (Admin admin = Admin.create(adminConfig)) {
            TopicSettingsCheck check = TopicSettingsCheck.of(admin, settings, TOPIC_CHECK_TIMEOUT);
            if (warn) {
                check.warnings().forEach(warning -> LOG.log(System.Logger.Level.WARNING, warning));
            }
            limits.update(check.emissionLimits());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read the settings of the public topics, not checked: "
                    + (e instanceof ExecutionException ? e.getCause() : e));
        }
    }

    /**
     * Checks that the schemas the application writes to its public topics are registered when it does not
     * register them itself (internal topics' schemas are always registered by the application).
     */
    static void requireWrittenSchemas(StreamsSettings settings, SchemaRegistryClient registry) {
        if (settings.autoRegisterSchemas()) {
            return;
        }
        for (GameBinding<?, ?> stage : settings.stages()) {
            String subject = settings.topics(stage).emissions() + "-value";
            Schema schema = stage.avro().emissionSchema();
            if (registry.lookup(subject, schema).isEmpty()) {
                throw new SchemaNotRegisteredException(subject, schema.getFullName());
            }
        }
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

    /** The Kafka Streams client's state now. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Which store partitions are being restored, and how far (the client's global restore listener). */
    public RestoreProgress restoreProgress() {
        return restoreProgress;
    }

    /**
     * Whether stream threads failed more often than the replacement budget ({@value #THREAD_REPLACEMENTS} in
     * {@link #REPLACEMENT_WINDOW}) allows, so that the client was shut down.
     */
    public boolean replacementBudgetExhausted() {
        return replacementBudgetExhausted;
    }

    /**
     * This instance's {@code application.server} (where other instances reach it for state queries), when
     * configured.
     */
    public Optional<HostInfo> applicationServer() {
        return applicationServer;
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
     * Closes gracefully within {@code timeout}: pending work committed, local state kept. A dynamic member
     * leaves the consumer group at once, so the remaining instances take over without waiting for the session
     * timeout (and a stopped application can be reset). A static member ({@code group.instance.id} set) stays
     * in the group, as static membership intends: restarted within {@code session.timeout.ms} under the same
     * id, it gets its tasks back without a rebalance.
     */
    public boolean close(Duration timeout) {
        closing.countDown();
        return streams.close(CloseOptions.timeout(timeout).withGroupMembershipOperation(staticMember()
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }

    /** Whether this instance joins its group with a {@code group.instance.id} (static membership). */
    public boolean staticMember() {
        return STATIC_MEMBERSHIP_KEYS.stream().map(properties::getProperty)
                .anyMatch(id -> id != null && !id.isBlank());
    }

    /** Closes gracefully within 30 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaughtException(Throwable error) {
        if (Faults.isNotTheRecords(error)) {
            Duration wait = nextInfrastructureBackoff();
            boolean persistent = wait.equals(INFRASTRUCTURE_BACKOFF_MAX);
            LOG.log(persistent ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                    "stream thread failed on a fault that is not a record's (" + error + "): replacing it in "
                            + wait.toMillis() + " ms; the records are processed again");
            if (Faults.isRefusedWrite(error)) {
                checkTopics(false); // the broker's limits may have changed since start-up
            }
            try {
                closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        return onOtherFault(error);
    }

    /** Doubles the backoff while infrastructure faults follow each other, and starts over after a quiet spell. */
    private synchronized Duration nextInfrastructureBackoff() {
        Instant now = Instant.now();
        if (lastInfrastructureFault.isBefore(now.minus(INFRASTRUCTURE_BACKOFF_MAX.multipliedBy(4)))) {
            infrastructureBackoff = INFRASTRUCTURE_BACKOFF;
        } else {
            Duration doubled = infrastructureBackoff.multipliedBy(2);
            infrastructureBackoff = doubled.compareTo(INFRASTRUCTURE_BACKOFF_MAX) > 0 ? INFRASTRUCTURE_BACKOFF_MAX
                    : doubled;
        }
        lastInfrastructureFault = now;
        return infrastructureBackoff;
    }

    private synchronized StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onOtherFault(Throwable error) {
        Instant now = Instant.now();
        while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(REPLACEMENT_WINDOW))) {
            replacements.removeFirst();
        }
        if (replacements.size() >= THREAD_REPLACEMENTS) {
            replacementBudgetExhausted = true;
            LOG.log(System.Logger.Level.ERROR, "stream thread failed again (" + replacements.size()
                    + " replacements in " + REPLACEMENT_WINDOW + "): shutting down the client", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        LOG.log(System.Logger.Level.WARNING, "stream thread failed: replacing it", error);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
