package io.metaspn.streams.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * The numbers of one latency run of {@code bench --latency}: the stage's application, already running, fed
 * signals at a fixed offered rate; for each signal, the time from its send to the first of its emissions a
 * {@code read_committed} consumer received. Printed as a table or as JSON.
 *
 * @param stage          the stage's short name
 * @param signals        the number of signals sent
 * @param entities       the number of distinct entities among the signals
 * @param partitions     the partitions of the signals topic (and of the other topics)
 * @param guarantee      the processing guarantee of the stage's application
 * @param commitInterval the commit interval of the stage's application
 * @param threads        the stream threads of the stage's application
 * @param targetRate     the offered rate asked for, signals per second
 * @param offeredRate    the offered rate achieved by the sender, signals per second
 * @param startup        from creating the stage's application to its first RUNNING state
 * @param latencies      the latencies measured
 * @param peakRssBytes   the peak resident set size of this process, when known
 */
public record LatencyReport(String stage, long signals, int entities, int partitions, String guarantee,
                            Duration commitInterval, int threads, double targetRate, double offeredRate,
                            Duration startup, Latencies latencies, OptionalLong peakRssBytes) {

    /** What a latency includes. */
    public static final String INCLUDES = "latency = when a read_committed consumer received a signal's first"
            + " emission - when the signal was sent; it includes producer -> broker -> stage (through its repartition"
            + " topic when it repartitions by entity) -> commit -> read_committed consumer. Under exactly-once an"
            + " emission is visible only once its transaction commits, so the commit interval bounds the latency from"
            + " below (twice with the repartition hop, read read_committed too); the stage's producer lingers up to"
            + " Kafka Streams' default linger.ms of 100 ms";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the fields. */
    public LatencyReport {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(startup, "startup");
        Objects.requireNonNull(latencies, "latencies");
        Objects.requireNonNull(peakRssBytes, "peakRssBytes");
    }

    /**
     * Percentiles of the latencies, in milliseconds.
     *
     * @param count     the signals measured (those whose emission was received)
     * @param p50Millis the median
     * @param p99Millis the 99th percentile
     * @param p999Millis the 99.9th percentile
     * @param maxMillis the largest latency
     */
    public record Latencies(long count, double p50Millis, double p99Millis, double p999Millis, double maxMillis) {

        /** The percentiles of {@code micros}, a histogram of latencies in microseconds. */
        public static Latencies ofMicros(Histogram micros) {
            return new Latencies(micros.getTotalCount(), micros.getValueAtPercentile(50) / 1e3,
                    micros.getValueAtPercentile(99) / 1e3, micros.getValueAtPercentile(99.9) / 1e3,
                    micros.getMaxValue() / 1e3);
        }
    }

    /** The report as a table for people. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "bench %s --latency: %d signals, %d entities, %d partitions, %s, commit"
                        + " interval %d ms, %d stream thread(s); start-up %.2f s%n", stage, signals, entities,
                partitions, guarantee, commitInterval.toMillis(), threads, startup.toNanos() / 1e9));
        out.append(INCLUDES).append(System.lineSeparator()).append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "%-8s %12s %12s %10s %10s %10s %10s %10s%n", "run", "target/s",
                "offered/s", "measured", "p50 ms", "p99 ms", "p99.9 ms", "max ms"));
        out.append(String.format(Locale.ROOT, "%-8s %12.0f %12.0f %10d %10.1f %10.1f %10.1f %10.1f%n", stage,
                targetRate, offeredRate, latencies.count(), latencies.p50Millis(), latencies.p99Millis(),
                latencies.p999Millis(), latencies.maxMillis()));
        peakRssBytes.ifPresent(bytes -> out.append(System.lineSeparator()).append(String.format(Locale.ROOT,
                "peak RSS %d MiB (VmHWM of this JVM: the embedded broker, the producer and the stage)%n",
                bytes / (1024 * 1024))));
        return out.toString();
    }

    /** The report as JSON, with the same numbers as {@link #table()}. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", "latency");
        root.put("stage", stage);
        root.put("signals", signals);
        root.put("entities", entities);
        root.put("partitions", partitions);
        root.put("guarantee", guarantee);
        root.put("commit_interval_ms", commitInterval.toMillis());
        root.put("threads", threads);
        root.put("includes", INCLUDES);
        root.put("target_rate", targetRate);
        root.put("offered_rate", offeredRate);
        root.put("startup_seconds", startup.toNanos() / 1e9);
        ObjectNode latency = root.putObject("latency_ms");
        latency.put("count", latencies.count());
        latency.put("p50", latencies.p50Millis());
        latency.put("p99", latencies.p99Millis());
        latency.put("p99_9", latencies.p999Millis());
        latency.put("max", latencies.maxMillis());
        if (peakRssBytes.isPresent()) {
            root.put("peak_rss_bytes", peakRssBytes.getAsLong());
        } else {
            root.putNull("peak_rss_bytes");
        }
        return root;
    }
}
