package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.cli.MetaspnCli;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.kafka.DeadLetterHandler;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.OutputLimits;
import io.metaspn.streams.kafka.OutputRefusedException;
import io.metaspn.streams.kafka.OversizedRecordException;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import io.metaspn.streams.kafka.TopicSettingsCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record timestamps on a real broker with Kafka's default retention (7 days, by record timestamp) and
 * a retention check every second: a backfill of signals dated months ago is neither deleted before it
 * is processed nor are its emissions deleted after; signals dated far in the future or the past are
 * processed with the application running on; output the broker would refuse is dead-lettered.
 * Topics are created and signals produced by the CLI, as a user does.
 */
class BrokerEdgesIT {
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    static RealCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new RealCluster(dir.resolve("kafka"), Map.of("log.retention.check.interval.ms", "1000"));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static Conformance.Fixture fixture(String folder) {
        return Conformance.fixtures().filter(f -> f.folder().equals(folder)).findFirst().orElseThrow();
    }

    private static int cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url",
                cluster.registryUrl()));
        return MetaspnCli.run(all.toArray(String[]::new));
    }

    /**
     * Topics with the broker's defaults (records kept by the timestamp their producer set, as a user's own topics
     * are: so what {@code produce} and the application stamp is what is tested, not {@code topics create}'s
     * LogAppendTime), schemas by {@code schemas register}, signals by {@code produce}.
     */
    private static StageTopics prepareAndProduce(Map<String, Object> config, String stage, List<String> lines)
            throws Exception {
        StreamsSettings settings = new MetaspnConfig(config).settings();
        StageTopics topics = cluster.prepare(settings.stages().get(0), settings, 3);
        assertThat(cli("schemas", "register", "--stages", stage, "--config", properties(config).toString())).isZero();
        produce(stage, lines, config);
        return topics;
    }

    private static void produce(String stage, List<String> lines, Map<String, Object> config) throws Exception {
        Path input = Files.createTempFile(dir, stage, ".jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        assertThat(cli("produce", "--stage", stage, "--input", input.toString(),
                "--config", properties(config).toString())).isZero();
    }

    /** The metaspn.* settings of {@code config} as a properties file for the CLI's --config. */
    private static Path properties(Map<String, Object> config) throws Exception {
        Path file = Files.createTempFile(dir, "settings", ".properties");
        List<String> lines = config.entrySet().stream().filter(e -> e.getKey().startsWith("metaspn."))
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static MetaspnStreamsApp startApp(Map<String, Object> config) throws Exception {
        MetaspnStreamsApp app = MetaspnStreamsApp.create(config);
        app.start();
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("application running").isTrue();
        return app;
    }

    private static void awaitCaughtUp(Map<String, Object> config, StageTopics topics) throws Exception {
        String appId = config.get("application.id").toString();
        cluster.awaitCaughtUp(appId, List.of(topics.signals(), appId + "-" + topics.repartition() + "-repartition"),
                CATCH_UP);
    }

    /**
     * Writes records stamped {@code stamped} to a topic with the broker's default timestamp type and waits
     * until the broker's retention deleted them: proof that a retention check ran after everything written
     * before this call, and that records stamped that old do get deleted on this broker.
     */
    private static void awaitRetentionCheckDeleting(String topic, Instant stamped) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, null, stamped.toEpochMilli(), null, new byte[] {1})).get();
            }
        }
        Await.until("the broker deleted records stamped " + stamped + " from " + topic, Duration.ofSeconds(60),
                () -> logStartOffsets(List.of(topic)).values().stream().anyMatch(offset -> offset > 0));
    }

    private static Map<TopicPartition, Long> logStartOffsets(List<String> topics) throws Exception {
        try (Admin admin = cluster.admin()) {
            Map<TopicPartition, OffsetSpec> earliest = admin.describeTopics(topics).allTopicNames().get().values()
                    .stream().flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()));
            return admin.listOffsets(earliest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    @Test
    void aBackfillOlderThanTheRetentionIsProcessedWholeAndNeitherItNorItsEmissionsAreDeleted() throws Exception {
        Conformance.Fixture m1 = fixture("m1");
        assertThat(Instant.parse(Conformance.parse(m1.signalLines().get(0)).get("timestamp").asText()))
                .as("the fixture is a backfill: older than the broker's 7-day retention")
                .isBefore(Instant.now().minus(Duration.ofDays(8)));
        Map<String, Object> config = cluster.appConfig("backfill-it", dir.resolve("backfill-state"), "m1");
        StageTopics topics = prepareAndProduce(config, "m1", m1.signalLines());
        Stage<?, ?> stage = new MetaspnConfig(config).settings().stages().get(0);

        try (MetaspnStreamsApp app = startApp(config)) {
            awaitCaughtUp(config, topics);
            awaitRetentionCheckDeleting("backfill-control", Instant.parse("2026-02-06T12:00:00Z"));

            List<String> emitted = cluster.emissions(stage, topics).stream().map(EmissionJsonWriter::toJson).toList();
            assertThat(emitted).hasSize(m1.expectedLines().size());
            assertThat(Conformance.differences(sorted(m1.expectedLines()), sorted(emitted))).isEmpty();
            assertThat(logStartOffsets(List.of(topics.signals(), topics.emissions(),
                    "backfill-it-" + topics.stateStore() + "-changelog")).values()).allMatch(offset -> offset == 0);
            assertThat(cluster.readCommitted(topics.signals())).hasSize(m1.signalLines().size());
            assertThat(cluster.readCommitted(topics.deadLetters())).isEmpty();
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    @Test
    void signalsDatedFarInTheFutureOrThePastAreProcessedAndTheApplicationRunsOn() throws Exception {
        Map<String, Object> config = cluster.appConfig("time-edges-it", dir.resolve("time-edges-state"), "m1");
        config.put("metaspn.topic.prefix", "edges");
        String line = "{\"signal_id\": \"%s\", \"timestamp\": \"%s\", \"source\": \"it\", \"payload\": "
                + "{\"profile_id\": \"%s\", \"profile_tier\": \"core\", \"channel\": \"email\", "
                + "\"quality_score\": 0.8, \"intent_score\": 0.4}}";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> edges = List.of(
                line.formatted("future", now.plus(Duration.ofDays(3)), "p-future"),
                line.formatted("far-future", "2999-12-31T23:59:59.999999Z", "p-future"),
                line.formatted("past", "1990-01-01T00:00:00Z", "p-past"),
                line.formatted("epoch", "1970-01-01T00:00:00Z", "p-past"));
        StageTopics topics = prepareAndProduce(config, "m1", edges);
        Stage<?, ?> stage = new MetaspnConfig(config).settings().stages().get(0);

        try (MetaspnStreamsApp app = startApp(config)) {
            awaitCaughtUp(config, topics);
            produce("m1", List.of(line.formatted("later", now, "p-later")), config);
            awaitCaughtUp(config, topics);

            List<Emission<Object>> emissions = cluster.emissions(stage, topics);
            assertThat(emissions.stream().map(Emission::causedBy).collect(Collectors.toSet()))
                    .isEqualTo(Set.of("future", "far-future", "past", "epoch", "later"));
            assertThat(emissions).hasSize(5 * stage.suffixes().size());
            assertThat(emissions.stream().filter(e -> e.causedBy().equals("far-future")).map(Emission::timestamp))
                    .allMatch(Instant.parse("2999-12-31T23:59:59.999999Z")::equals);
            for (ConsumerRecord<byte[], byte[]> record : cluster.readCommitted(topics.emissions())) {
                assertThat(Instant.ofEpochMilli(record.timestamp())).as("an emission's record timestamp")
                        .isBetween(now.minus(Duration.ofMinutes(5)), Instant.now());
            }
            assertThat(cluster.readCommitted(topics.deadLetters())).isEmpty();
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void aSignalWhoseOutputTheBrokerWouldRefuseIsDeadLetteredAndTheNextIsProcessed() throws Exception {
        Map<String, Object> config = cluster.appConfig("refused-it", dir.resolve("refused-state"), "m2");
        config.put("metaspn.topic.prefix", "refused");
        StringBuilder candidates = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            candidates.append(i == 0 ? "" : ", ").append("{\"candidate_id\": \"candidate-").append(i)
                    .append("\", \"title\": \"t\", \"score\": ").append(i / 1000.0).append('}');
        }
        String line = "{\"signal_id\": \"%s\", \"timestamp\": \"2026-02-06T12:00:00Z\", \"source\": \"it\", "
                + "\"payload\": {\"audience_id\": \"aud\", \"prompt\": \"p\", \"candidates\": [%s]}}";
        String small = "{\"candidate_id\": \"a\", \"title\": \"t\", \"score\": 0.5}";
        StageTopics topics = prepareAndProduce(config, "m2", List.of(line.formatted("too-big", candidates),
                line.formatted("fits", small)));
        try (Admin admin = cluster.admin()) {
            // the broker refuses emissions over 8000 bytes on this topic; the application reads that at start-up
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.emissions()),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "8000"),
                            AlterConfigOp.OpType.SET)))).all().get();
            awaitTopicConfig(admin, topics.emissions(), TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "8000");
        }
        Stage<?, ?> stage = new MetaspnConfig(config).settings().stages().get(0);

        try (MetaspnStreamsApp app = startApp(config)) {
            awaitCaughtUp(config, topics);

            assertThat(cluster.emissions(stage, topics)).isNotEmpty().allMatch(e -> e.causedBy().equals("fits"));
            List<ConsumerRecord<byte[], byte[]>> deadLetters = cluster.readCommitted(topics.deadLetters());
            assertThat(deadLetters).hasSize(1);
            assertThat(header(deadLetters.get(0), DeadLetterHandler.ERROR_CLASS))
                    .isEqualTo(OversizedRecordException.class.getName());
            assertThat(header(deadLetters.get(0), DeadLetterHandler.ERROR_MESSAGE)).contains("too-big");
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /**
     * Writes the broker refuses although the application could not foresee them: the emissions topic's size
     * limit lowered while the application runs, and emissions stamped (from a producer-stamped signal on a
     * CreateTime topic) later than the emissions topic accepts. Under exactly-once each refusal aborts the
     * transaction; the signal is dead-lettered when processed again, the others go through, the application runs on.
     */
    @Test
    void writesTheBrokerRefusesAtRunTimeDeadLetterTheirSignalAndTheApplicationRunsOn() throws Exception {
        Map<String, Object> config = cluster.appConfig("refused-later-it", dir.resolve("refused-later-state"), "m2");
        config.put("metaspn.topic.prefix", "later");
        // a replaced stream thread joins as a new member: the group waits a session timeout for the old one
        config.put("main.consumer.session.timeout.ms", "6000");
        config.put("main.consumer.heartbeat.interval.ms", "1000");
        StreamsSettings settings = new MetaspnConfig(config).settings();
        Stage<?, ?> stage = settings.stages().get(0);
        StageTopics topics = cluster.prepare(stage, settings, 3); // producer-stamped records (CreateTime)
        String line = "{\"signal_id\": \"%s\", \"timestamp\": \"2026-02-06T12:00:00Z\", \"source\": \"it\", "
                + "\"payload\": {\"audience_id\": \"%s\", \"prompt\": \"p\", \"candidates\": [%s]}}";
        String small = "{\"candidate_id\": \"a\", \"title\": \"t\", \"score\": 0.5}";
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            many.append(i == 0 ? "" : ", ").append("{\"candidate_id\": \"candidate-").append(i)
                    .append("\", \"title\": \"t\", \"score\": ").append(i / 1000.0).append('}');
        }

        try (MetaspnStreamsApp app = startApp(config)) {
            try (Admin admin = cluster.admin()) {
                // tightened after the application read them: it cannot foresee these refusals
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.emissions()),
                        List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "8000"),
                                        AlterConfigOp.OpType.SET),
                                new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                                        "60000"), AlterConfigOp.OpType.SET)))).all().get();
                awaitTopicConfig(admin, topics.emissions(), TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "8000");
                awaitTopicConfig(admin, topics.emissions(), TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, "60000");
            }
            Instant now = Instant.now();
            Instant ahead = now.plus(Duration.ofMinutes(30)); // the signals topic accepts it (1 hour), emissions not
            List<Object[]> signals = new ArrayList<>();
            Set<String> innocent = new java.util.TreeSet<>();
            for (int i = 0; i < 30; i++) {
                if (i == 10) {
                    signals.add(stamped(now, line.formatted("too-big", "aud-big", many)));
                } else if (i == 20) {
                    signals.add(stamped(ahead, line.formatted("ahead", "aud-ahead", small)));
                }
                signals.add(stamped(now, line.formatted("fine-" + i, "aud-" + i, small)));
                innocent.add("fine-" + i);
            }
            cluster.sendAt(topics.signals(), signals, stage, topics);
            awaitCaughtUp(config, topics);

            Set<String> emitted = cluster.emissions(stage, topics).stream().map(Emission::causedBy)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            assertThat(emitted).isEqualTo(innocent);
            List<ConsumerRecord<byte[], byte[]>> deadLetters = cluster.readCommitted(topics.deadLetters());
            assertThat(deadLetters).hasSize(2);
            assertThat(deadLetters).extracting(r -> header(r, DeadLetterHandler.ERROR_CLASS)).containsExactlyInAnyOrder(
                    OversizedRecordException.class.getName(), OutputRefusedException.class.getName());
            assertThat(deadLetters).extracting(ConsumerRecord::value).allSatisfy(value -> assertThat(value).isNotNull());
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static Object[] stamped(Instant timestamp, String line) {
        return new Object[] {timestamp, line};
    }

    @Test
    void topicsThatDeleteBackfillsOrRefuseEmissionsAreReportedAndTopicsCreateMakesNone() throws Exception {
        Map<String, Object> config = cluster.appConfig("check-it", dir.resolve("check-state"), "m3");
        config.put("metaspn.topic.prefix", "checked");
        StreamsSettings settings = new MetaspnConfig(config).settings();
        assertThat(cli("topics", "create", "--stages", "m3", "--config", properties(config).toString())).isZero();
        try (Admin admin = cluster.admin()) {
            StageTopics created = settings.topics(settings.stages().get(0));
            assertThat(TopicSettingsCheck.of(admin, settings, Duration.ofSeconds(10))).isEqualTo(new TopicSettingsCheck(
                    List.of(), Map.of(created.emissions(), new OutputLimits.Limit(1048588, Long.MAX_VALUE, Long.MAX_VALUE))));

            StageTopics topics = settings.topics(settings.stages().get(0));
            admin.incrementalAlterConfigs(Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, topics.signals()), List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"),
                            AlterConfigOp.OpType.SET)),
                    new ConfigResource(ConfigResource.Type.TOPIC, topics.emissions()), List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "5000"),
                            AlterConfigOp.OpType.SET)))).all().get();
            awaitTopicConfig(admin, topics.signals(), TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
            awaitTopicConfig(admin, topics.emissions(), TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "5000");
            TopicSettingsCheck check = TopicSettingsCheck.of(admin, settings, Duration.ofSeconds(10));
            assertThat(check.emissionLimits()).containsEntry(topics.emissions(),
                    new OutputLimits.Limit(5000, Long.MAX_VALUE, Long.MAX_VALUE));
            assertThat(check.warnings()).hasSize(2);
            assertThat(check.warnings().get(0)).startsWith(topics.signals() + " (signals) deletes records by the "
                    + "timestamp their producer set (message.timestamp.type=CreateTime, retention.ms=604800000)");
            assertThat(check.warnings().get(1)).startsWith(topics.emissions() + " refuses records over 5000 bytes");
        }
    }

    /** Waits until the broker describes the topic with the setting (a change takes a moment to apply). */
    private static void awaitTopicConfig(Admin admin, String topic, String key, String value) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Await.until(key + " of " + topic + " becomes " + value, Duration.ofSeconds(30),
                () -> value.equals(admin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value()));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
