package io.metaspn.streams.it;

import io.metaspn.streams.game.reference.ReferenceBindings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under failure, on the real broker: the application SIGKILLed mid-stream (as a
 * separate JVM running the packaged jar), the broker stopped and started again under a running
 * application, and a second instance joining while the first one leaves. In every case each
 * expected emission id is committed exactly once and every entity's changelog state equals a pure
 * replay of the engine over the input.
 */
class CrashRecoveryIT {
    private static final Path JAR = Path.of(System.getProperty("metaspn.jar", "target/metaspn-streams.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A dead or departed member is noticed after this long (the broker's minimum), not after the 45 s default. */
    private static final String SESSION_TIMEOUT_MS = "6000";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(90);
    /** The exit status of a JVM ended by SIGKILL (128 + 9); SIGTERM would give 143. */
    private static final int SIGKILL_EXIT = 128 + 9;

    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final long started = System.nanoTime();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                log("process %d did not end within 20 s of SIGKILL", process.pid());
            }
        }
        Exception failure = null;
        List<AutoCloseable> reversed = new ArrayList<>(resources);
        Collections.reverse(reversed);
        for (AutoCloseable resource : reversed) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The packaged jar's {@code run} as its own JVM, SIGKILLed three times while the signals of m0 are
     * produced in chunks, restarted each time on the same state directory.
     */
    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void sigkilledThreeTimesMidStreamEveryEmissionCommittedExactlyOnce(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("the packaged jar (mvn package first)").exists();
        Conformance.Fixture fixture = fixture("m0");
        RealCluster cluster = open(new RealCluster(dir.resolve("kafka")));
        String appId = "crash-it";
        Path stateDir = dir.resolve("state");
        Map<String, Object> config = cluster.appConfig(appId, stateDir, "m0");
        StreamsSettings settings = new MetaspnConfig(config).settings();
        Stage<?, ?> stage = fixture.stage();
        StageTopics topics = cluster.prepare(stage, settings, 3);
        String repartition = appId + "-" + topics.repartition() + "-repartition";
        Path configFile = Files.writeString(dir.resolve("app.properties"), String.join("\n",
                "commit.interval.ms=100", "replication.factor=1", "session.timeout.ms=" + SESSION_TIMEOUT_MS,
                "heartbeat.interval.ms=1500",
                // records reach the broker as soon as they are processed, so a kill leaves open transactions
                "producer.linger.ms=0", ""));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "run",
                "--bootstrap-servers", cluster.broker.bootstrapServers(),
                "--schema-registry-url", cluster.registryServer.url(),
                "--application-id", appId, "--state-dir", stateDir.toString(), "--stages", "m0",
                "--config", configFile.toString(), "--http-port", "0");

        // 25 signals as a backlog for the first run, then per run a slice of 60 produced live in batches of
        // two every 40 ms: the app is SIGKILLed halfway through its slice, the rest of the slice is produced
        // while it is down; the last run gets the last 45 live and runs to the end
        List<String> signals = fixture.signalLines();
        List<List<String>> slices = List.of(signals.subList(25, 85), signals.subList(85, 145),
                signals.subList(145, 205), signals.subList(205, 250));
        cluster.produceSignals(stage, topics, signals.subList(0, 25));
        int produced = 25;
        try (LiveProducer live = new LiveProducer(cluster, stage, topics)) {
            for (int run = 0; run < 4; run++) {
                final int round = run;
                long roundStart = System.nanoTime();
                Process app = startProcess(command, dir, round);
                awaitProgress(cluster, appId, topics.signals(), committedInput(cluster, appId, topics.signals()),
                        () -> deadProcess(app, dir, round));
                long processingAt = System.nanoTime();
                List<String> slice = slices.get(round);
                if (round == 3) {
                    live.produce(slice, 2, () -> deadProcess(app, dir, round));
                    produced += slice.size();
                    awaitCaughtUp(cluster, appId, List.of(topics.signals(), repartition),
                            () -> deadProcess(app, dir, round));
                    log("run %d (pid %d): processing %d ms after start, caught up on all %d signals %d ms later",
                            round, app.pid(), TimeUnit.NANOSECONDS.toMillis(processingAt - roundStart), produced,
                            millisSince(processingAt));
                    break;
                }
                int half = slice.size() / 2;
                live.produce(slice.subList(0, half), 2, () -> deadProcess(app, dir, round));
                produced += half;
                long killAt = System.nanoTime();
                app.destroyForcibly();
                assertThat(app.waitFor(20, TimeUnit.SECONDS)).as("process %d ends after SIGKILL", app.pid())
                        .isTrue();
                assertThat(app.exitValue()).as("exit status of process %d: SIGKILL, not a graceful stop", app.pid())
                        .isEqualTo(SIGKILL_EXIT);
                long committedAtKill = committedInput(cluster, appId, topics.signals());
                log("run %d (pid %d): processing %d ms after start; SIGKILLed %d ms after that (dead after %d ms, "
                                + "exit %d) with %d of %d produced signals committed", round, app.pid(),
                        TimeUnit.NANOSECONDS.toMillis(processingAt - roundStart),
                        TimeUnit.NANOSECONDS.toMillis(killAt - processingAt), millisSince(killAt), app.exitValue(),
                        committedAtKill, produced);
                live.produce(slice.subList(half, slice.size()), slice.size(), () -> null);
                produced += slice.size() - half;
            }
        }

        long uncommitted = readUncommittedCount(cluster, topics.emissions());
        checkExactlyOnce(cluster, stage, topics, appId, signals, fixture.expectedLines(), true);
        log("crash test: %d records on the emissions topic (read_uncommitted), of them %d of aborted transactions; "
                + "total %d ms", uncommitted, uncommitted - fixture.expectedLines().size(), millisSince(started));
    }

    /**
     * An in-process application on m1 while the broker is stopped and started again on the same data
     * directory: it recovers by itself, without a restart and without reaching ERROR.
     */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void brokerRestartMidStreamTheAppRecoversByItselfExactlyOnce(@TempDir Path dir) throws Exception {
        Conformance.Fixture fixture = fixture("m1");
        RealCluster cluster = open(new RealCluster(dir.resolve("kafka")));
        String appId = "broker-restart-it";
        Map<String, Object> config = inProcessConfig(cluster, appId, dir.resolve("state"), "m1");
        Stage<?, ?> stage = fixture.stage();
        StageTopics topics = cluster.prepare(stage, new MetaspnConfig(config).settings(), 3);
        String repartition = appId + "-" + topics.repartition() + "-repartition";
        MetaspnStreamsApp app = open(MetaspnStreamsApp.create(config));
        StateWatch watch = open(new StateWatch(app.streams()));
        app.start();
        assertThat(app.awaitRunning(START_TIMEOUT)).as("app running within %s", START_TIMEOUT).isTrue();

        List<String> signals = fixture.signalLines();
        // the first half: 25 as a backlog, the rest live; the broker stops right after the last of them,
        // while the app is working through them
        int half = signals.size() / 2;
        cluster.produceSignals(stage, topics, signals.subList(0, 25));
        awaitProgress(cluster, appId, topics.signals(), 0, watch::failure);
        try (LiveProducer live = new LiveProducer(cluster, stage, topics)) {
            live.produce(signals.subList(25, half), 2, watch::failure);
        }
        long committedAtStop = committedInput(cluster, appId, topics.signals());
        long stopAt = System.nanoTime();
        cluster.broker.stop();
        log("broker stopped in %d ms with %d of %d produced signals committed by the app", millisSince(stopAt),
                committedAtStop, half);
        Thread.sleep(4000);
        long startAt = System.nanoTime();
        cluster.broker.restart();
        log("broker down %d ms, restarted in %d ms", millisSince(stopAt), millisSince(startAt));
        try (LiveProducer live = new LiveProducer(cluster, stage, topics)) {
            live.produce(signals.subList(half, signals.size()), 5, watch::failure);
        }
        awaitCaughtUp(cluster, appId, List.of(topics.signals(), repartition), watch::failure);
        log("app caught up %d ms after the broker came back; states seen: %s; stream threads: %s",
                millisSince(startAt), watch.seen(), app.streams().metadataForLocalThreads().stream()
                        .map(t -> t.threadName()).sorted().toList());

        assertThat(watch.failure()).as("the app never stopped or failed").isNull();
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        checkExactlyOnce(cluster, stage, topics, appId, signals, fixture.expectedLines(), true);
        log("broker restart test: total %d ms", millisSince(started));
    }

    /**
     * Two instances on six partitions of m3: the second joins after a third of the input, the first
     * closes after two thirds; each entity's state lives in one instance, nothing is lost or duplicated.
     */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void scaleOutAndInMidStreamNothingLostOrDuplicated(@TempDir Path dir) throws Exception {
        Conformance.Fixture fixture = fixture("m3");
        RealCluster cluster = open(new RealCluster(dir.resolve("kafka")));
        String appId = "scale-out-it";
        Map<String, Object> config1 = inProcessConfig(cluster, appId, dir.resolve("state-1"), "m3");
        Map<String, Object> config2 = inProcessConfig(cluster, appId, dir.resolve("state-2"), "m3");
        Stage<?, ?> stage = fixture.stage();
        StageTopics topics = cluster.prepare(stage, new MetaspnConfig(config1).settings(), 6);
        String repartition = appId + "-" + topics.repartition() + "-repartition";
        List<String> signals = fixture.signalLines();
        List<List<String>> thirds = chunks(signals, 3);

        MetaspnStreamsApp app1 = open(MetaspnStreamsApp.create(config1));
        StateWatch watch1 = open(new StateWatch(app1.streams()));
        app1.start();
        assertThat(app1.awaitRunning(START_TIMEOUT)).as("instance 1 running").isTrue();
        cluster.produceSignals(stage, topics, thirds.get(0));

        long joinAt = System.nanoTime();
        MetaspnStreamsApp app2 = open(MetaspnStreamsApp.create(config2));
        StateWatch watch2 = open(new StateWatch(app2.streams()));
        app2.start();
        awaitBothActive(app1, app2, () -> firstNonNull(watch1.failure(), watch2.failure()));
        log("instance 2 joined; tasks split %d/%d after %d ms", activeTasks(app1), activeTasks(app2),
                millisSince(joinAt));
        awaitCaughtUp(cluster, appId, List.of(topics.signals(), repartition),
                () -> firstNonNull(watch1.failure(), watch2.failure()));
        Map<String, Object> local1 = localStates(app1, stage, topics);
        Map<String, Object> local2 = localStates(app2, stage, topics);
        log("after the first third: instance 1 holds %d entities, instance 2 holds %d", local1.size(),
                local2.size());
        assertThat(local1.keySet()).as("each entity's state in exactly one instance").doesNotContainAnyElementsOf(
                local2.keySet());
        Map<String, Object> union = new HashMap<>(local1);
        union.putAll(local2);
        assertThat(stateDifferences(union, replay(stage, thirds.get(0)))).as("local states = replay of the first third")
                .isEmpty();
        assertThat(local1).as("instance 1 owns some entities").isNotEmpty();
        assertThat(local2).as("instance 2 owns some entities").isNotEmpty();

        cluster.produceSignals(stage, topics, thirds.get(1));
        long closeAt = System.nanoTime();
        long committedAtClose = committedInput(cluster, appId, topics.signals());
        assertThat(app1.close(Duration.ofSeconds(30))).as("instance 1 closes gracefully").isTrue();
        log("instance 1 closed in %d ms (%d of %d signals committed when the close began)", millisSince(closeAt),
                committedAtClose, thirds.get(0).size() + thirds.get(1).size());
        cluster.produceSignals(stage, topics, thirds.get(2));
        awaitCaughtUp(cluster, appId, List.of(topics.signals(), repartition), watch2::failure);
        log("instance 2 alone caught up %d ms after instance 1 closed; %d active tasks", millisSince(closeAt),
                activeTasks(app2));

        assertThat(watch2.failure()).as("instance 2 never stopped or failed").isNull();
        checkExactlyOnce(cluster, stage, topics, appId, signals, fixture.expectedLines(), true);
        assertThat(stateDifferences(localStates(app2, stage, topics), replay(stage, signals)))
                .as("instance 2's local states = replay of all input").isEmpty();
        log("scale-out test: total %d ms", millisSince(started));
    }

    // --- the guarantees ---

    /**
     * Every expected emission id committed exactly once (none missing, none extra), optionally each
     * entity's emissions equal to the expected ones in order, and the changelog's state of every
     * entity equal to a pure replay of the input.
     */
    private static <T, S> void checkExactlyOnce(RealCluster cluster, Stage<T, S> stage, StageTopics topics,
                                                String appId, List<String> signals, List<String> expected,
                                                boolean perEntityOrder) {
        List<Emission<Object>> emissions = cluster.emissions(stage, topics);
        Map<String, Integer> counts = new TreeMap<>();
        emissions.forEach(e -> counts.merge(e.emissionId(), 1, Integer::sum));
        Set<String> expectedIds = new LinkedHashSet<>();
        expected.forEach(line -> expectedIds.add(field(line, "emission_id")));
        assertThat(expectedIds).as("expected ids are distinct").hasSize(expected.size());
        List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).toList();
        List<String> missing = expectedIds.stream().filter(id -> !counts.containsKey(id)).toList();
        List<String> extra = counts.keySet().stream().filter(id -> !expectedIds.contains(id)).toList();
        assertThat(duplicated).as("emission ids committed more than once").isEmpty();
        assertThat(missing).as("expected emission ids never committed").isEmpty();
        assertThat(extra).as("committed emission ids not expected").isEmpty();
        assertThat(emissions).hasSize(expected.size());

        if (perEntityOrder) {
            Map<String, String> entityOfSignal = Conformance.entityOfSignal(stage, signals);
            Map<String, List<String>> expectedByEntity = Conformance.byEntity(expected, entityOfSignal);
            Map<String, List<String>> actualByEntity = Conformance.byEntity(
                    emissions.stream().map(EmissionJsonWriter::toJson).toList(), entityOfSignal);
            assertThat(actualByEntity.keySet()).isEqualTo(expectedByEntity.keySet());
            expectedByEntity.forEach((entity, lines) -> assertThat(Conformance.differences(lines,
                    actualByEntity.get(entity))).as("emissions of entity %s in order", entity).isEmpty());
        }

        Map<String, S> replay = RealCluster.replayStates(stage, signals);
        Map<String, S> changelog = cluster.changelogStates(stage, appId, topics);
        assertThat(stateDifferences(changelog, replay)).as("changelog state per entity = pure replay").isEmpty();
        assertThat(changelog).hasSameSizeAs(replay);
    }

    private static List<String> stateDifferences(Map<String, ?> actual, Map<String, ?> replay) {
        List<String> differences = new ArrayList<>();
        for (String key : new TreeSet<>(union(actual.keySet(), replay.keySet()))) {
            if (!Objects.equals(actual.get(key), replay.get(key))) {
                differences.add(key + ": got " + actual.get(key) + ", replay gives " + replay.get(key));
            }
        }
        return differences;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static <T, S> Map<String, Object> replay(Stage<T, S> stage, List<String> signals) {
        return new HashMap<>(RealCluster.replayStates(stage, signals));
    }

    /** The states in {@code app}'s active stores (its own entities), by interactive query. */
    private static <T, S> Map<String, Object> localStates(MetaspnStreamsApp app, Stage<T, S> stage,
                                                          StageTopics topics) throws InterruptedException {
        StageAvroCodec<T, S> codec = ReferenceBindings.of(stage).avro();
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                ReadOnlyKeyValueStore<String, GenericRecord> store = app.streams().store(
                        StoreQueryParameters.fromNameAndType(topics.stateStore(),
                                QueryableStoreTypes.<String, GenericRecord>keyValueStore()));
                Map<String, Object> states = new HashMap<>();
                try (KeyValueIterator<String, GenericRecord> all = store.all()) {
                    while (all.hasNext()) {
                        KeyValue<String, GenericRecord> entry = all.next();
                        states.put(entry.key, codec.toState(entry.value));
                    }
                }
                return states;
            } catch (InvalidStateStoreException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the state store of " + stage.shortName()
                            + " was not queryable within 30 s", e);
                }
                Thread.sleep(200);
            }
        }
    }

    // --- producing ---

    private static List<List<String>> chunks(List<String> lines, int count) {
        List<List<String>> chunks = new ArrayList<>();
        int size = (lines.size() + count - 1) / count;
        for (int from = 0; from < lines.size(); from += size) {
            chunks.add(lines.subList(from, Math.min(lines.size(), from + size)));
        }
        assertThat(chunks).hasSize(count);
        return chunks;
    }

    // --- waiting ---

    /** Waits until the application caught up on {@code topics}, failing early when {@code failure} says why not. */
    private static void awaitCaughtUp(RealCluster cluster, String appId, List<String> topics,
                                      Supplier<String> failure) throws Exception {
        Instant deadline = Instant.now().plus(CATCH_UP_TIMEOUT);
        while (true) {
            String reason = failure.get();
            if (reason != null) {
                throw new AssertionError(appId + " stopped before catching up on " + topics + ": " + reason);
            }
            try {
                cluster.awaitCaughtUp(appId, topics, Duration.ofSeconds(2));
                return;
            } catch (AssertionError notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(appId + " did not catch up on " + topics + " within "
                            + CATCH_UP_TIMEOUT + " (input committed: " + committedInput(cluster, appId,
                            topics.get(0)) + ")", notYet);
                }
            }
        }
    }

    /**
     * Waits until the application committed more than {@code before} input records (offset sum over
     * the partitions of {@code signals}); returns how many it has.
     */
    private static long awaitProgress(RealCluster cluster, String appId, String signals, long before,
                                      Supplier<String> failure) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try (Admin admin = cluster.admin()) {
            while (true) {
                String reason = failure.get();
                if (reason != null) {
                    throw new AssertionError(appId + " stopped before committing input beyond " + before + ": "
                            + reason);
                }
                long committed = committedInput(admin, appId, signals);
                if (committed > before) {
                    return committed;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(appId + " committed no input beyond offset sum " + before + " within "
                            + START_TIMEOUT);
                }
                Thread.sleep(20);
            }
        }
    }

    /** The sum of the offsets the application committed on {@code topic}. */
    private static long committedInput(RealCluster cluster, String appId, String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            return committedInput(admin, appId, topic);
        }
    }

    private static long committedInput(Admin admin, String appId, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(appId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static void awaitBothActive(MetaspnStreamsApp a, MetaspnStreamsApp b, Supplier<String> failure)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!(a.streams().state() == KafkaStreams.State.RUNNING && b.streams().state() == KafkaStreams.State.RUNNING
                && activeTasks(a) > 0 && activeTasks(b) > 0)) {
            String reason = failure.get();
            if (reason != null) {
                throw new AssertionError("an instance failed while the second one joined: " + reason);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the two instances did not both get active tasks within " + START_TIMEOUT
                        + " (" + a.streams().state() + " with " + activeTasks(a) + ", " + b.streams().state()
                        + " with " + activeTasks(b) + ")");
            }
            Thread.sleep(100);
        }
    }

    private static int activeTasks(MetaspnStreamsApp app) {
        return app.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    // --- processes, apps, records ---

    private Process startProcess(List<String> command, Path dir, int run) throws IOException {
        Process process = new ProcessBuilder(command).redirectOutput(dir.resolve("app-" + run + ".out").toFile())
                .redirectError(dir.resolve("app-" + run + ".err").toFile()).start();
        processes.add(process);
        // should this JVM end before cleanUp runs, the app must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-app-" + run));
        return process;
    }

    /** Why the process is not running (with its stderr), or null while it runs. */
    private static String deadProcess(Process process, Path dir, int run) {
        if (process.isAlive()) {
            return null;
        }
        return "process " + process.pid() + " exited with " + process.exitValue() + "; stderr:\n"
                + tail(dir.resolve("app-" + run + ".err"));
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> inProcessConfig(RealCluster cluster, String appId, Path stateDir, String stages) {
        Map<String, Object> config = cluster.appConfig(appId, stateDir, stages);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500");
        return config;
    }

    private <C extends AutoCloseable> C open(C resource) {
        resources.add(resource);
        return resource;
    }

    /** How many records {@code topic} holds including those of aborted transactions. */
    private static long readUncommittedCount(RealCluster cluster, String topic) {
        return cluster.read(topic, "read_uncommitted").size();
    }

    private static String field(String line, String name) {
        try {
            return JSON.readTree(line).path(name).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Conformance.Fixture fixture(String folder) {
        return Conformance.fixtures().filter(f -> f.folder().equals(folder)).findFirst().orElseThrow();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private static void log(String format, Object... args) {
        System.out.printf("[CrashRecoveryIT] " + format + "%n", args);
    }

    /** Produces signals keyed by entity in small batches with pauses, as a live source would. */
    private static final class LiveProducer implements AutoCloseable {
        private final RealCluster cluster;
        private final Stage<?, ?> stage;
        private final StageTopics topics;
        private final KafkaProducer<byte[], byte[]> producer;

        LiveProducer(RealCluster cluster, Stage<?, ?> stage, StageTopics topics) {
            this.cluster = cluster;
            this.stage = stage;
            this.topics = topics;
            this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.broker.bootstrapServers(), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0"),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }

        /** Sends {@code lines} {@code batch} at a time, 40 ms apart, failing when {@code failure} says why. */
        void produce(List<String> lines, int batch, Supplier<String> failure) throws Exception {
            List<byte[][]> records = cluster.keyedByEntity(stage, topics, lines);
            for (int from = 0; from < records.size(); from += batch) {
                String reason = failure.get();
                if (reason != null) {
                    throw new AssertionError("the app stopped while signals were produced: " + reason);
                }
                for (byte[][] record : records.subList(from, Math.min(records.size(), from + batch))) {
                    producer.send(new ProducerRecord<>(topics.signals(), record[0], record[1]));
                }
                producer.flush();
                if (from + batch < records.size()) {
                    Thread.sleep(40);
                }
            }
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /**
     * Watches a Kafka Streams client's state from outside (the application owns the state listener):
     * every state seen, and a failure once it reaches ERROR or stops.
     */
    private static final class StateWatch implements AutoCloseable {
        private final KafkaStreams streams;
        private final Set<KafkaStreams.State> seen = ConcurrentHashMap.newKeySet();
        private final Thread thread;
        private volatile boolean running = true;

        StateWatch(KafkaStreams streams) {
            this.streams = streams;
            this.thread = new Thread(this::watch, "state-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void watch() {
            while (running) {
                seen.add(streams.state());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Set<KafkaStreams.State> seen() {
            return new TreeSet<>(seen);
        }

        /** Why the client is no longer processing, or null. */
        String failure() {
            seen.add(streams.state());
            for (KafkaStreams.State bad : List.of(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR,
                    KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING)) {
                if (seen.contains(bad)) {
                    return "Kafka Streams reached " + bad + " (states seen: " + seen() + ")";
                }
            }
            return null;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
