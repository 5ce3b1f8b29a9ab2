package io.metaspn.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyReportTest {
    @Test
    void percentilesComeFromAHistogramOfMicroseconds() {
        Histogram micros = new Histogram(3);
        for (long ms = 1; ms <= 1000; ms++) {
            micros.recordValue(ms * 1000);
        }

        LatencyReport.Latencies latencies = LatencyReport.Latencies.ofMicros(micros);

        assertThat(latencies.count()).isEqualTo(1000);
        assertThat(latencies.p50Millis()).isCloseTo(500, within(1.0));
        assertThat(latencies.p99Millis()).isCloseTo(990, within(1.0));
        assertThat(latencies.p999Millis()).isCloseTo(999, within(1.0));
        assertThat(latencies.maxMillis()).isCloseTo(1000, within(1.0));
    }

    @Test
    void theTableAndTheJsonHoldTheSameNumbersAndSayWhatALatencyIncludes() {
        LatencyReport report = new LatencyReport("m1", 500, 100, 2, "exactly_once_v2", Duration.ofMillis(100), 1, 250,
                249.5, Duration.ofSeconds(2), new LatencyReport.Latencies(500, 120.5, 180.25, 200.0, 210.0),
                OptionalLong.empty());

        JsonNode json = report.toJson();

        assertThat(json.get("mode").asText()).isEqualTo("latency");
        assertThat(json.get("offered_rate").asDouble()).isEqualTo(249.5);
        assertThat(json.get("latency_ms").get("count").asLong()).isEqualTo(500);
        assertThat(json.get("latency_ms").get("p50").asDouble()).isEqualTo(120.5);
        assertThat(json.get("latency_ms").get("p99").asDouble()).isEqualTo(180.25);
        assertThat(json.get("latency_ms").get("p99_9").asDouble()).isEqualTo(200.0);
        assertThat(json.get("latency_ms").get("max").asDouble()).isEqualTo(210.0);
        assertThat(json.get("peak_rss_bytes").isNull()).isTrue();
        assertThat(json.get("includes").asText()).contains("read_committed", "commit interval");
        assertThat(report.table()).contains("p99.9 ms", "120.5", "180.3", "250", "read_committed consumer");
    }
}
