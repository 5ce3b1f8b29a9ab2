package io.metaspn.streams.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Apache Kafka broker (KRaft, combined broker and controller) running in this JVM,
 * for tests, the {@code demo} command and {@code run --embedded}.
 *
 * <p>It listens on 127.0.0.1 only, on two free ports chosen when the instance is created (client
 * and controller listeners); the ports stay the same across {@link #stop()}/{@link #start(Path)}
 * and {@link #restart()} of the same instance, so clients reconnect by themselves. All data lives
 * in the data directory given to {@link #start(Path)}: a directory already used by an earlier
 * broker is opened as it is, with its topics, records, consumer offsets and transactions.
 *
 * <p>Its settings suit one node: replication factor 1 and min ISR 1 for the internal topics
 * (consumer offsets, transaction state, share-group state), so exactly-once ({@code
 * exactly_once_v2}) applications and transactional producers work; no initial rebalance delay.
 * Applications must create their own topics, and Kafka Streams applications must use {@code
 * replication.factor=1}.
 *
 * <p>While it runs, a fatal fault inside the broker (which would make a standalone Kafka halt its
 * JVM) surfaces as an {@link EmbeddedBrokerException} instead of ending the hosting JVM.
 *
 * <p>Its lifecycle methods are synchronized.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** How long {@link #start(Path)} waits for the broker to accept clients unless told otherwise. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String KRAFT_LOG_DIR = "kraft";
    private static final String CONFIG_FILE = "broker.properties";
    private static final Set<String> OWN_SETTINGS = Set.of("process.roles", "node.id",
            "controller.quorum.bootstrap.servers", "listeners", "advertised.listeners", "listener.security.protocol.map",
            "controller.listener.names", "inter.broker.listener.name", "log.dirs");

    private final Duration startupTimeout;
    private final Map<String, String> settings;
    private final int brokerPort;
    private final int controllerPort;

    private Path dataDir;
    private KafkaRaftServer server;

    /** A broker (not yet started) that waits up to {@link #DEFAULT_STARTUP_TIMEOUT} to come up. */
    public EmbeddedKafkaBroker() {
        this(DEFAULT_STARTUP_TIMEOUT);
    }

    /** A broker (not yet started) that waits up to {@code startupTimeout} to come up. */
    public EmbeddedKafkaBroker(Duration startupTimeout) {
        this(startupTimeout, Map.of());
    }

    /**
     * A broker (not yet started) that waits up to {@code startupTimeout} to come up, with broker
     * {@code settings} (e.g. {@code log.retention.check.interval.ms}) over its own; listeners, node id
     * and data directory are its own.
     */
    public EmbeddedKafkaBroker(Duration startupTimeout, Map<String, String> settings) {
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startup timeout must be positive: " + startupTimeout);
        }
        this.startupTimeout = startupTimeout;
        this.settings = Map.copyOf(settings);
        int[] ports = freePorts(2);
        this.brokerPort = ports[0];
        this.controllerPort = ports[1];
    }

    /**
     * Starts the broker on {@code dataDir} (created and formatted if it holds no broker data yet)
     * and returns once it accepts clients.
     *
     * @return this broker
     * @throws IllegalStateException if it is already running
     * @throws EmbeddedBrokerException if the directory cannot be formatted or the broker does not
     *     come up within the startup timeout
     */
    public synchronized EmbeddedKafkaBroker start(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (server != null) {
            throw new IllegalStateException("embedded Kafka broker already running on " + bootstrapServers());
        }
        Path dir = dataDir.toAbsolutePath();
        Properties props = serverProperties(dir);
        formatIfNeeded(dir, props);
        this.dataDir = dir;
        this.server = startServer(props);
        return this;
    }

    /** The {@code bootstrap.servers} value for clients of this broker, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /** The directory holding this broker's data, or {@code null} before the first start. */
    public synchronized Path dataDir() {
        return dataDir;
    }

    /** Whether the broker has been started and not stopped since. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Shuts the broker down cleanly and waits until it has stopped; its data stays in the data
     * directory. Does nothing if it is not running.
     */
    public synchronized void stop() {
        KafkaRaftServer running = server;
        server = null;
        if (running != null) {
            try {
                running.shutdown();
                running.awaitShutdown();
            } finally {
                KafkaExitGuard.release();
            }
        }
    }

    /**
     * Stops the broker and starts it again on the same data directory and ports.
     *
     * @throws IllegalStateException if it was never started
     * @throws EmbeddedBrokerException if it does not come back within the startup timeout
     */
    public synchronized void restart() {
        if (dataDir == null) {
            throw new IllegalStateException("embedded Kafka broker was never started");
        }
        stop();
        start(dataDir);
    }

    /** Stops the broker (see {@link #stop()}); the data directory is kept. */
    @Override
    public void close() {
        stop();
    }

    private KafkaRaftServer startServer(Properties props) {
        KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        KafkaExitGuard.acquire();
        try {
            // returns once the broker is unfenced; server.max.startup.time.ms bounds the wait
            started.startup();
            return started;
        } catch (RuntimeException e) {
            shutdownQuietly(started, e);
            KafkaExitGuard.release();
            throw new EmbeddedBrokerException("embedded Kafka broker on " + bootstrapServers() + " (data directory "
                    + props.getProperty("log.dirs") + ") did not start within " + startupTimeout + ": "
                    + rootCause(e), e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private static void shutdownQuietly(KafkaRaftServer failed, RuntimeException cause) {
        try {
            failed.shutdown();
            failed.awaitShutdown();
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    private static void formatIfNeeded(Path dir, Properties props) {
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path configFile = dir.resolve(CONFIG_FILE);
        try {
            Files.createDirectories(logDir);
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "written by " + EmbeddedKafkaBroker.class.getName() + " to format this directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka data directory " + dir, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool$.MODULE$.execute(new String[] {
                "format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()
            }, print);
        } catch (RuntimeException e) {
            throw new EmbeddedBrokerException("cannot format the Kafka data directory " + logDir, e);
        }
        if (exitCode != 0) {
            throw new EmbeddedBrokerException("cannot format the Kafka data directory " + logDir + " (exit code "
                    + exitCode + "): " + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private Properties serverProperties(Path dir) {
        String controller = HOST + ":" + controllerPort;
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", Integer.toString(NODE_ID));
        props.setProperty("controller.quorum.bootstrap.servers", controller);
        props.setProperty("listeners", "PLAINTEXT://" + bootstrapServers() + ",CONTROLLER://" + controller);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("log.dirs", dir.resolve(KRAFT_LOG_DIR).toString());
        // one node: every internal topic with one replica, one partition
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.num.partitions", "1");
        props.setProperty("default.replication.factor", "1");
        props.setProperty("min.insync.replicas", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // small footprint: the log cleaner would otherwise allocate 128 MiB up front
        props.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        props.setProperty("num.network.threads", "2");
        props.setProperty("num.io.threads", "2");
        props.setProperty("server.max.startup.time.ms", Long.toString(startupTimeout.toMillis()));
        settings.forEach((key, value) -> {
            if (!OWN_SETTINGS.contains(key)) {
                props.setProperty(key, value);
            }
        });
        return props;
    }

    private static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket();
                sockets[i].setReuseAddress(true);
                sockets[i].bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            }
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // the port is only probed
        }
    }
}
