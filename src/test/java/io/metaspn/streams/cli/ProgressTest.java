package io.metaspn.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.it.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress lines: none for a short command, then regular lines and the last state at the end. */
class ProgressTest {

    private static List<String> lines(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aCommandEndingBeforeTheDelayPrintsNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicLong asked = new AtomicLong();

        try (Progress progress = Progress.start("metaspn-streams produce", Progress.Settings.DEFAULT,
                new PrintStream(out, true, StandardCharsets.UTF_8), elapsed -> "status " + asked.incrementAndGet())) {
            assertThat(progress).isNotNull();
        }

        assertThat(lines(out)).isEmpty();
        assertThat(asked).hasValue(0);
    }

    @Test
    void aLongCommandPrintsALineEveryIntervalAndItsLastStateAtTheEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicLong done = new AtomicLong();

        try (Progress progress = Progress.start("metaspn-streams reset", new Progress.Settings(Duration.ofMillis(20),
                Duration.ofMillis(20)), new PrintStream(out, true, StandardCharsets.UTF_8),
                elapsed -> done.get() + " done")) {
            assertThat(progress).isNotNull();
            Await.until("three progress lines", Duration.ofSeconds(30), () -> {
                done.incrementAndGet();
                return lines(out).size() >= 3;
            });
            done.set(1_000_000);
        }

        List<String> lines = lines(out);
        assertThat(lines).allMatch(l -> l.matches("metaspn-streams reset: \\d+ done"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("metaspn-streams reset: 1000000 done");
    }

    @Test
    void ratesPerSecond() {
        assertThat(Progress.rate(30_000, Duration.ofSeconds(3))).isEqualTo("10000");
        assertThat(Progress.rate(5, Duration.ZERO)).isEqualTo("0");
    }
}
