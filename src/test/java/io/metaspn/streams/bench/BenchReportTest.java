package io.metaspn.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static final BenchReport REPORT = new BenchReport("m1", 1000, 10, 2, "exactly_once_v2",
            Duration.ofMillis(100), 1, Duration.ofSeconds(1),
            List.of(new BenchReport.Row(BenchReport.Kind.PASS_THROUGH, "pass-through", 1000, 1000,
                            Duration.ofMillis(500), Duration.ofSeconds(1), Map.of("scratch", 1002L), OptionalLong.empty()),
                    new BenchReport.Row(BenchReport.Kind.STAGE, "m1", 1000, 3000, Duration.ofSeconds(2),
                            Duration.ofSeconds(4), Map.of("metaspn.m1.emissions.v1", 3003L, "repartition", 1001L),
                            OptionalLong.of(48L * 1024 * 1024)),
                    new BenchReport.Row(BenchReport.Kind.WRITE_PATH, "fan-out-4", 1000, 4000, Duration.ofSeconds(1),
                            Duration.ofSeconds(2), Map.of("scratch-fan-out", 4004L), OptionalLong.empty())),
            OptionalLong.of(64L * 1024 * 1024));

    @Test
    void ratesRatioAndWrittenPerSignalComeFromTheMeasuredTime() {
        BenchReport.Row stage = REPORT.rows().get(1);

        assertThat(stage.consumedPerSecond()).isEqualTo(250.0);
        assertThat(stage.emittedPerSecond()).isEqualTo(750.0);
        assertThat(REPORT.ratio(stage)).isEqualTo(0.25);
        assertThat(REPORT.ratioToWritePath(stage)).hasValue(0.5);
        assertThat(stage.writtenPerRecord()).isCloseTo(4.004, within(1e-9));
    }

    @Test
    void withoutTheWritePathBaselineThereIsNoRatioToIt() {
        BenchReport twoRows = new BenchReport("m1", 1000, 10, 2, "exactly_once_v2", Duration.ofMillis(100), 1,
                Duration.ofSeconds(1), REPORT.rows().subList(0, 2), OptionalLong.empty());

        assertThat(twoRows.ratioToWritePath(twoRows.rows().get(1))).isEmpty();
        assertThat(twoRows.table()).doesNotContain("vs writes: ");
        assertThat(twoRows.toJson().get("rows").get(1).get("ratio_to_write_path").isNull()).isTrue();
    }

    @Test
    void theFirstRowMustBeThePassThrough() {
        assertThatThrownBy(() -> new BenchReport("m1", 1000, 10, 2, "exactly_once_v2", Duration.ofMillis(100), 1,
                Duration.ofSeconds(1), REPORT.rows().subList(1, 3), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pass-through row first");
    }

    @Test
    void theSummaryHasOneLinePerStageWithBothRatios() {
        String summary = BenchReport.summary(List.of(REPORT, REPORT));

        assertThat(summary.lines().filter(line -> line.startsWith("m1 "))).hasSize(2)
                .allSatisfy(line -> assertThat(line.split("\\s+")).containsSubsequence("1000", "250", "750", "0.250",
                        "0.500", "4.004", "48.0"));
    }

    @Test
    void theJsonHoldsTheTablesNumbers() {
        JsonNode json = REPORT.toJson();

        assertThat(json.get("rows")).hasSize(3);
        assertThat(json.get("rows").get(1).get("consumed_per_second").asDouble()).isEqualTo(250.0);
        assertThat(json.get("rows").get(1).get("kind").asText()).isEqualTo("stage");
        assertThat(json.get("rows").get(1).get("ratio_to_write_path").asDouble()).isEqualTo(0.5);
        assertThat(json.get("rows").get(1).get("rocksdb_peak_bytes").asLong()).isEqualTo(48L * 1024 * 1024);
        assertThat(json.get("rows").get(0).get("rocksdb_peak_bytes").isNull()).isTrue();
        assertThat(json.get("rows").get(1).get("written_offsets").get("repartition").asLong()).isEqualTo(1001);
        assertThat(json.get("peak_rss_bytes").asLong()).isEqualTo(64L * 1024 * 1024);
        assertThat(REPORT.table()).contains("pass-through", "0.250", "peak RSS 64 MiB", "fan-out-4", "48.0",
                "vs writes: in/s over the write-path baseline's (fan-out-4");
    }

    @Test
    void peakRssIsReadFromVmHwmInKilobytes() {
        assertThat(PeakMemory.parseVmHwm("Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  2048 kB\nVmRSS:\t 1000 kB\n"))
                .hasValue(2048L * 1024);
        assertThat(PeakMemory.parseVmHwm("Name:\tjava\n")).isEmpty();
    }
}
