package io.metaspn.streams.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Writes a JSONL file of valid M1 signals for benchmarking {@code process}:
 * {@code java -cp target/test-classes io.metaspn.streams.bench.M1SignalFile FILE [COUNT]} (default 1,000,000,
 * about 250 MB). Deterministic: the same count gives the same file.
 */
public final class M1SignalFile {
    private M1SignalFile() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "bench-data/m1-1m.jsonl");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        SplittableRandom random = new SplittableRandom(42);
        String[] tiers = {"core", "edge", "new"};
        String[] channels = {"email", "podcast", "social"};
        Instant start = Instant.parse("2026-02-06T12:00:00Z");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                out.write("{\"signal_id\": \"sig_m1_bench_" + i + "\", \"timestamp\": \"" + start.plusMillis(7_000L * i)
                        + "\", \"source\": \"ops.m1.worker\", \"payload\": {\"profile_id\": \"p_" + random.nextInt(10_000)
                        + "\", \"profile_tier\": \"" + tiers[random.nextInt(3)] + "\", \"quality_score\": "
                        + random.nextDouble() + ", \"intent_score\": " + random.nextDouble() + ", \"channel\": \""
                        + channels[random.nextInt(3)] + "\"}, \"metadata\": {\"trace_id\": \"tr_" + i + "\"}}\n");
            }
        }
    }
}
