package io.metaspn.streams.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker against real Kafka clients: topics, records, transactions, restarts, shutdown. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedKafkaBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern BROKER_THREAD = Pattern.compile(
            "(?i).*(kafka|raft|broker-1|controller-1|quorum|metadata-loader|ExpirationReaper|LogDirFailure).*");

    @TempDir
    Path dataDir;

    @Test
    @Order(1) // first, so that its cold start is the first broker start in this JVM
    void keepsRecordsAndTransactionsAcrossARestartAndLeavesNoThreadsBehind() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Duration.ofSeconds(30));
        try (broker) {
            long coldStart = System.nanoTime();
            broker.start(dataDir);
            long coldMillis = millisSince(coldStart);
            assertThat(brokerThreads()).as("the thread check below sees the broker's threads").isNotEmpty();

            createTopic(broker, "plain", 3);
            createTopic(broker, "tx", 1);
            produce(broker, "plain", List.of("a", "b", "c", "d"));
            produceTransactionally(broker, "tx", List.of("t1", "t2", "t3"), List.of("aborted1", "aborted2"));

            assertThat(consumeAll(broker, "plain", IsolationLevel.READ_UNCOMMITTED, 4))
                    .containsExactlyInAnyOrder("a", "b", "c", "d");
            assertThat(consumeAll(broker, "tx", IsolationLevel.READ_COMMITTED, 3)).containsExactly("t1", "t2", "t3");
            assertThat(consumeAll(broker, "tx", IsolationLevel.READ_UNCOMMITTED, 5))
                    .containsExactly("t1", "t2", "t3", "aborted1", "aborted2");

            String bootstrap = broker.bootstrapServers();
            long restartStart = System.nanoTime();
            broker.restart();
            long restartMillis = millisSince(restartStart);

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(broker.dataDir()).isEqualTo(dataDir.toAbsolutePath());
            assertThat(consumeAll(broker, "plain", IsolationLevel.READ_UNCOMMITTED, 4))
                    .containsExactlyInAnyOrder("a", "b", "c", "d");
            assertThat(consumeAll(broker, "tx", IsolationLevel.READ_COMMITTED, 3)).containsExactly("t1", "t2", "t3");
            produceTransactionally(broker, "tx", List.of("t4"), List.of());
            assertThat(consumeAll(broker, "tx", IsolationLevel.READ_COMMITTED, 4))
                    .containsExactly("t1", "t2", "t3", "t4");

            System.out.printf("EmbeddedKafkaBroker timings: cold start (first in this JVM: format + start) %d ms, restart %d ms%n",
                    coldMillis, restartMillis);
            assertThat(coldMillis).isLessThan(TIMEOUT.toMillis());
        }

        assertThat(broker.isRunning()).isFalse();
        assertThat(lingeringThreads(threadsBefore)).isEmpty();
    }

    @Test
    void aNewBrokerOnAnUsedDataDirectoryServesItsTopicsOnNewPorts() throws Exception {
        String firstBootstrap;
        try (EmbeddedKafkaBroker first = new EmbeddedKafkaBroker().start(dataDir)) {
            firstBootstrap = first.bootstrapServers();
            createTopic(first, "kept", 2);
            produce(first, "kept", List.of("x", "y"));
        }
        long warmStart = System.nanoTime();
        try (EmbeddedKafkaBroker second = new EmbeddedKafkaBroker().start(dataDir)) {
            System.out.printf("EmbeddedKafkaBroker timings: new instance on a used data directory %d ms%n",
                    millisSince(warmStart));
            assertThat(second.bootstrapServers()).isNotEqualTo(firstBootstrap);
            assertThat(consumeAll(second, "kept", IsolationLevel.READ_COMMITTED, 2)).containsExactlyInAnyOrder("x", "y");
        }
    }

    @Test
    void failsWithAClearMessageWhenItsPortIsTaken() throws Exception {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Duration.ofSeconds(10));
        String[] hostPort = broker.bootstrapServers().split(":");
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName(hostPort[0]), Integer.parseInt(hostPort[1])));

            assertThatThrownBy(() -> broker.start(dataDir))
                    .isInstanceOf(EmbeddedBrokerException.class)
                    .hasMessageContaining("did not start")
                    .hasMessageContaining(broker.bootstrapServers())
                    .hasMessageEndingWith("Address already in use");
            assertThat(broker.isRunning()).isFalse();
        }
        try (broker) {
            broker.start(dataDir);
            assertThat(broker.isRunning()).isTrue();
            assertThatThrownBy(() -> broker.start(dataDir)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void failsWhenItIsNotUpWithinTheStartupTimeoutWithoutEndingTheJvm() throws Exception {
        EmbeddedKafkaBroker impatient = new EmbeddedKafkaBroker(Duration.ofMillis(1));

        // Kafka's controller reacts to this timeout with Exit.halt(1): this test only finishes if that is contained
        assertThatThrownBy(() -> impatient.start(dataDir))
                .isInstanceOf(EmbeddedBrokerException.class)
                .hasMessageContaining("did not start within PT0.001S");
        assertThat(impatient.isRunning()).isFalse();

        try (EmbeddedKafkaBroker patient = new EmbeddedKafkaBroker().start(dataDir)) {
            createTopic(patient, "after-a-failed-start", 1);
            produce(patient, "after-a-failed-start", List.of("ok"));
            assertThat(consumeAll(patient, "after-a-failed-start", IsolationLevel.READ_COMMITTED, 1))
                    .containsExactly("ok");
        }
    }

    @Test
    void restartBeforeStartIsRefused() {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()) {
            assertThat(broker.isRunning()).isFalse();
            assertThatThrownBy(broker::restart).isInstanceOf(IllegalStateException.class);
        }
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private static void createTopic(EmbeddedKafkaBroker broker, String topic, int partitions)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private static void produce(EmbeddedKafkaBroker broker, String topic, List<String> values)
            throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get();
            }
        }
    }

    private static void produceTransactionally(EmbeddedKafkaBroker broker, String topic, List<String> committed,
            List<String> aborted) {
        try (KafkaProducer<String, String> producer = producer(broker,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-it-" + topic))) {
            producer.initTransactions();
            producer.beginTransaction();
            committed.forEach(value -> producer.send(new ProducerRecord<>(topic, value, value)));
            producer.commitTransaction();
            if (!aborted.isEmpty()) {
                producer.beginTransaction();
                aborted.forEach(value -> producer.send(new ProducerRecord<>(topic, value, value)));
                producer.flush();
                producer.abortTransaction();
            }
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Reads {@code topic} from the beginning until {@code expected} values arrived, then briefly for extras. */
    private static List<String> consumeAll(EmbeddedKafkaBroker broker, String topic, IsolationLevel isolation,
            int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            // anything beyond what was expected (an aborted record leaking, a duplicate) shows up here
            for (ConsumerRecord<String, String> extra : consumer.poll(Duration.ofMillis(300))) {
                values.add(extra.value());
            }
        }
        return values;
    }

    /** Broker threads still alive, and any non-daemon thread started since {@code before}, after a grace period. */
    private static List<String> lingeringThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> lingering = lingering(before);
        while (!lingering.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            lingering = lingering(before);
        }
        return lingering;
    }

    private static List<String> brokerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> BROKER_THREAD.matcher(name).matches())
                .collect(Collectors.toList());
    }

    private static List<String> lingering(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> !before.contains(thread))
                .filter(thread -> !thread.isDaemon() || BROKER_THREAD.matcher(thread.getName()).matches())
                .map(thread -> thread.getName() + (thread.isDaemon() ? " (daemon)" : ""))
                .sorted()
                .collect(Collectors.toList());
    }
}
