package io.metaspn.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.it.RealCluster;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * produce on a real broker: a long run prints progress lines on stderr (counts that only grow, the last one the
 * totals), a short one prints none. The long run is made "long" by a short progress delay and interval given to
 * the command's package-private constructor; what the lines say is what the producer did.
 */
class ProduceProgressIT {
    private static final Pattern PROGRESS = Pattern.compile(
            "produce: (\\d+) signals read, (\\d+) acknowledged \\((\\d+)/s\\), (\\d+) rejected, after (\\d+) s");

    @TempDir
    static Path dir;
    private static RealCluster cluster;
    private static StageTopics topics;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir.resolve("kafka"));
        StreamsSettings settings = new MetaspnConfig(Map.of(MetaspnConfig.STAGES, "m1")).settings();
        Stage<?, ?> m1 = settings.stages().get(0);
        topics = cluster.prepare(m1, settings, 3);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** The exit status and the stderr lines of produce run with {@code command}. */
    private record Run(int status, List<String> stderr) {
    }

    private static Run produce(ProduceCommand command, Path input) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(command).execute("--stage", "m1", "--input", input.toString(),
                    "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url", cluster.registryUrl());
            System.err.flush();
            return new Run(status, captured.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setErr(err);
        }
    }

    private static Path signals(Path file, int valid, int invalid) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < valid; i++) {
                out.write("{\"signal_id\": \"" + file.getFileName() + "-" + i + "\", \"timestamp\": \"2026-02-06T12:00:00Z\","
                        + " \"source\": \"it\", \"payload\": {\"profile_id\": \"p_" + (i % 500) + "\", \"profile_tier\":"
                        + " \"core\", \"quality_score\": 0.5, \"intent_score\": 0.5, \"channel\": \"email\"}}\n");
                if (invalid > 0 && i % (valid / invalid) == 0) { // valid is a multiple of invalid here
                    out.write("{\"signal_id\": \"broken-" + i + "\"}\n");
                }
            }
        }
        return file;
    }

    private static long records(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    @Test
    void aLongProducePrintsGrowingCountsAndEndsWithTheTotals() throws Exception {
        int valid = 20_000;
        int invalid = 4;
        long before = records(topics.signals());
        Path input = signals(dir.resolve("long.jsonl"), valid, invalid);

        Run run = produce(new ProduceCommand(new Progress.Settings(Duration.ofMillis(50), Duration.ofMillis(100))),
                input);

        assertThat(run.status()).as("stderr: %s", run.stderr()).isEqualTo(2); // the invalid lines
        List<long[]> progress = new ArrayList<>();
        for (String line : run.stderr()) {
            Matcher matcher = PROGRESS.matcher(line);
            if (matcher.matches()) {
                progress.add(new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                    Long.parseLong(matcher.group(4))});
            }
        }
        assertThat(progress).as("progress lines in %s", run.stderr()).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < progress.size(); i++) {
            for (int column = 0; column < 3; column++) {
                assertThat(progress.get(i)[column]).as("line %s, column %s", i, column)
                        .isGreaterThanOrEqualTo(progress.get(i - 1)[column]);
            }
        }
        for (long[] line : progress) {
            assertThat(line[1]).as("acknowledged ≤ read").isLessThanOrEqualTo(line[0]);
        }
        assertThat(progress.get(progress.size() - 1)).as("the last line: the totals")
                .containsExactly(valid, valid, invalid);
        assertThat(records(topics.signals()) - before).isEqualTo(valid);
        // the rejected lines are still reported one by one, as JSON
        assertThat(run.stderr().stream().filter(l -> l.startsWith("{\"line\":"))).hasSize(invalid);
    }

    @Test
    void aShortProduceWithTheDefaultsPrintsNoProgress() throws Exception {
        Path input = signals(dir.resolve("short.jsonl"), 5, 0);

        Run run = produce(new ProduceCommand(), input);

        assertThat(run.status()).as("stderr: %s", run.stderr()).isZero();
        assertThat(run.stderr()).noneMatch(l -> PROGRESS.matcher(l).matches());
    }
}
