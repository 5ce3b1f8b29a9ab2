package io.metaspn.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;
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
            List.of(new BenchReport.Row("pass-through", 1000, 1000, Duration.ofMillis(500), Duration.ofSeconds(1),
                            Map.of("scratch", 1002L)),
                    new BenchReport.Row("m1", 1000, 3000, Duration.ofSeconds(2), Duration.ofSeconds(4),
                            Map.of("metaspn.m1.emissions.v1", 3003L, "repartition", 1001L))),
            OptionalLong.of(64L * 1024 * 1024));

    @Test
    void ratesRatioAndWrittenPerSignalComeFromTheMeasuredTime() {
        BenchReport.Row stage = REPORT.rows().get(1);

        assertThat(stage.consumedPerSecond()).isEqualTo(250.0);
        assertThat(stage.emittedPerSecond()).isEqualTo(750.0);
        assertThat(REPORT.ratio(stage)).isEqualTo(0.25);
        assertThat(stage.writtenPerRecord()).isCloseTo(4.004, within(1e-9));
    }

    @Test
    void theJsonHoldsTheTablesNumbers() {
        JsonNode json = REPORT.toJson();

        assertThat(json.get("rows")).hasSize(2);
        assertThat(json.get("rows").get(1).get("consumed_per_second").asDouble()).isEqualTo(250.0);
        assertThat(json.get("rows").get(1).get("written_offsets").get("repartition").asLong()).isEqualTo(1001);
        assertThat(json.get("peak_rss_bytes").asLong()).isEqualTo(64L * 1024 * 1024);
        assertThat(REPORT.table()).contains("pass-through", "0.250", "peak RSS 64 MiB");
    }

    @Test
    void peakRssIsReadFromVmHwmInKilobytes() {
        assertThat(PeakMemory.parseVmHwm("Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  2048 kB\nVmRSS:\t 1000 kB\n"))
                .hasValue(2048L * 1024);
        assertThat(PeakMemory.parseVmHwm("Name:\tjava\n")).isEmpty();
    }
}
