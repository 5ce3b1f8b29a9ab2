package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code produce} through the packaged jar when records cannot be written: it says how many were
 * not written and exits 1, within its --timeout; it never exits 0 having lost a signal.
 */
class ProduceFailuresIT {
    private static final Pattern NOT_WRITTEN = Pattern.compile("metaspn-streams produce: (\\d+) of (\\d+) signals were"
            + " not acknowledged by metaspn\\.m1\\.signals\\.v1 \\(.+\\): .+");

    @TempDir
    static Path dir;

    static RealCluster cluster;
    static Path fiveSignals;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir.resolve("kafka"));
        StreamsSettings settings = new MetaspnConfig(Map.of(MetaspnConfig.STAGES, "m1")).settings();
        cluster.prepare(settings.stages().get(0), settings, 3);
        List<String> m1 = Conformance.fixtures().filter(f -> f.folder().equals("m1")).findFirst().orElseThrow()
                .signalLines().subList(0, 5);
        fiveSignals = Files.write(dir.resolve("five.jsonl"), m1, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void unreachableClusterFailsWithinTheTimeoutAndCountsEverySignal() throws Exception {
        JarProcess.Result result = JarProcess.run(List.of(), List.of("produce", "--stage", "m1", "--input",
                fiveSignals.toString(),
                "--bootstrap-servers", "127.0.0.1:" + closedPort(), "--schema-registry-url", cluster.registryUrl(),
                "--timeout", "PT10S"), Map.of(), dir.resolve("unreachable"));

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(30));
        assertThat(notWritten(result)).containsExactly(5, 5);
    }

    @Test
    void saslClientAgainstAPlaintextBrokerFailsAndCountsEverySignal() throws Exception {
        Path config = Files.writeString(dir.resolve("sasl.properties"), "security.protocol=SASL_PLAINTEXT\n"
                + "sasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"alice\" password=\"planted-sasl-pw\";\n");

        JarProcess.Result result = JarProcess.run(List.of(), List.of("produce", "--stage", "m1", "--input",
                fiveSignals.toString(),
                "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url", cluster.registryUrl(),
                "--config", config.toString(), "--timeout", "PT10S"), Map.of(), dir.resolve("sasl"));

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(30));
        assertThat(notWritten(result)).containsExactly(5, 5);
        assertThat(String.join("\n", result.stderr())).doesNotContain("planted-sasl-pw");
    }

    @ParameterizedTest(name = "broker back before produce ends: {0}")
    @ValueSource(booleans = {true, false})
    void brokerStoppedMidSendExitsZeroOnlyWhenEverySignalIsInTheTopic(boolean backBeforeTheEnd, @TempDir Path own)
            throws Exception {
        int signals = 200_000;
        Path input = bigFile(own.resolve("m1.jsonl"), signals);
        try (RealCluster restarted = new RealCluster(own.resolve("kafka"))) {
            StreamsSettings settings = new MetaspnConfig(Map.of(MetaspnConfig.STAGES, "m1")).settings();
            Stage<?, ?> m1 = settings.stages().get(0);
            StageTopics topics = restarted.prepare(m1, settings, 3);
            Process producer = JarProcess.start(List.of(), List.of("produce", "--stage", "m1", "--input", input.toString(),
                    "--bootstrap-servers", restarted.bootstrapServers(), "--schema-registry-url",
                    restarted.registryUrl(), "--timeout", "PT10S"), Map.of(), own.resolve("produce"));
            try {
                awaitRecords(restarted, topics.signals(), producer);
                if (backBeforeTheEnd) {
                    restarted.broker.restart();
                } else {
                    restarted.broker.stop();
                }
                assertThat(producer.waitFor(120, TimeUnit.SECONDS)).as("produce ends").isTrue();
                if (!backBeforeTheEnd) {
                    restarted.broker.start(own.resolve("kafka"));
                }
                JarProcess.Result result = JarProcess.result(producer, own.resolve("produce"), Duration.ZERO);
                long present = records(restarted, topics.signals());

                if (result.status() == 0) {
                    assertThat(present).isEqualTo(signals);
                } else {
                    assertThat(result.status()).isEqualTo(1);
                    List<Integer> counts = notWritten(result);
                    assertThat(counts.get(1)).isEqualTo(signals);
                    // a batch the broker wrote but could not confirm before it went down counts as not written:
                    // the producer cannot tell, so the count is what was not acknowledged (never fewer than missing)
                    assertThat(present).isLessThan(signals);
                    assertThat((long) counts.get(0)).as("reported as not written vs. missing from the topic")
                            .isGreaterThanOrEqualTo(signals - present).isLessThanOrEqualTo(signals - present + 1000);
                }
            } finally {
                producer.destroyForcibly();
            }
        }
    }

    /** The numbers in "N of M signals were not acknowledged", from the one line that says so. */
    static List<Integer> notWritten(JarProcess.Result result) {
        List<Integer> counts = new ArrayList<>();
        for (String line : result.stderr()) {
            Matcher matcher = NOT_WRITTEN.matcher(line);
            if (matcher.matches()) {
                counts.add(Integer.parseInt(matcher.group(1)));
                counts.add(Integer.parseInt(matcher.group(2)));
            }
        }
        assertThat(counts).as("one 'not acknowledged' line on stderr: %s", result.stderr()).hasSize(2);
        return counts;
    }

    private static void awaitRecords(RealCluster cluster, String topic, Process producer) throws Exception {
        Await.until("the first records in " + topic, Duration.ofSeconds(60), () -> {
            assertThat(producer.isAlive()).as("produce still running when the first records arrive").isTrue();
            return records(cluster, topic) > 0;
        });
    }

    /** The number of records in {@code topic} (end offsets; nothing is deleted or compacted here). */
    static long records(RealCluster cluster, String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    private static Path bigFile(Path file, int count) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                out.write("{\"signal_id\": \"sig_" + i + "\", \"timestamp\": \"2026-02-06T12:00:00Z\", \"source\": \"it\","
                        + " \"payload\": {\"profile_id\": \"p_" + (i % 1000) + "\", \"profile_tier\": \"core\","
                        + " \"quality_score\": 0.5, \"intent_score\": 0.5, \"channel\": \"email\"}}\n");
            }
        }
        return file;
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
