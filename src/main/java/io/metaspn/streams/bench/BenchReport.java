package io.metaspn.streams.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The numbers of one benchmark run: how it was set up, how fast the signals were produced, and one
 * {@link Row} per application run on them (the pass-through baseline first, then the stage, then the write-path
 * baseline that copies each signal as many times as the stage wrote records per signal), printed as a table or as
 * JSON.
 *
 * @param stage          the stage's short name
 * @param signals        the number of signals produced (and consumed by each run)
 * @param entities       the number of distinct entities among the signals
 * @param partitions     the partitions of the signals topic (and of the baseline's output)
 * @param guarantee      the processing guarantee of every run
 * @param commitInterval the commit interval of every run
 * @param threads        the stream threads of every run
 * @param produced       how long producing the signals took, until every one was acknowledged
 * @param rows           the runs, the baseline first
 * @param peakRssBytes   the peak resident set size of this process, when known
 */
public record BenchReport(String stage, long signals, int entities, int partitions, String guarantee,
                          Duration commitInterval, int threads, Duration produced, List<Row> rows,
                          OptionalLong peakRssBytes) {

    /** What the rates are measured over. */
    public static final String MEASURED_FROM = "from the application's first RUNNING state (start-up and first"
            + " rebalance excluded) until its committed offsets reached the end of its input";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the fields and copies the rows. */
    public BenchReport {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(produced, "produced");
        Objects.requireNonNull(peakRssBytes, "peakRssBytes");
        rows = List.copyOf(rows);
        if (rows.isEmpty() || rows.get(0).kind() != Kind.PASS_THROUGH) {
            throw new IllegalArgumentException("a report needs the pass-through row first");
        }
    }

    /** What an application run is in the comparison. */
    public enum Kind {
        /** The pass-through: each signal copied once, the rate every ratio is relative to. */
        PASS_THROUGH,
        /** The stage's stream application. */
        STAGE,
        /** Each signal copied as many times as the stage wrote records per signal: the stage's write path alone. */
        WRITE_PATH
    }

    /**
     * One application's run on the signals.
     *
     * @param kind      what the run is in the comparison
     * @param name      {@code pass-through}, the stage's short name or {@code fan-out-<copies>}
     * @param consumed  the input records it consumed (the signals)
     * @param emitted   the committed records it wrote to its output topic (read back read_committed)
     * @param startup   from creating the application to its first RUNNING state
     * @param measured  from its first RUNNING state to committed offsets at the end of its input
     * @param written   per topic it wrote to, the growth of the topic's end offsets during the run (under
     *                  exactly-once these include one transaction marker per partition and transaction)
     * @param rocksDbPeakBytes the peak usage of its RocksDB stores' shared block cache ({@link RocksDbMemory}),
     *                  when it has stores
     */
    public record Row(Kind kind, String name, long consumed, long emitted, Duration startup, Duration measured,
                      Map<String, Long> written, OptionalLong rocksDbPeakBytes) {
        /** Checks the fields and copies the map (keeping its order). */
        public Row {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rocksDbPeakBytes, "rocksDbPeakBytes");
            Objects.requireNonNull(startup, "startup");
            Objects.requireNonNull(measured, "measured");
            written = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(written));
        }

        /** Input records per second over {@link #measured}. */
        public double consumedPerSecond() {
            return perSecond(consumed, measured);
        }

        /** Output records per second over {@link #measured}. */
        public double emittedPerSecond() {
            return perSecond(emitted, measured);
        }

        /** The offsets written to all topics per input record. */
        public double writtenPerRecord() {
            return consumed == 0 ? 0 : written.values().stream().mapToLong(Long::longValue).sum() / (double) consumed;
        }
    }

    /** The baseline's row (the first). */
    public Row baseline() {
        return rows.get(0);
    }

    /** {@code row}'s input rate as a fraction of the baseline's. */
    public double ratio(Row row) {
        return ratio(row, baseline());
    }

    /** The write-path baseline's row, when it ran. */
    public Optional<Row> writePath() {
        return rows.stream().filter(row -> row.kind() == Kind.WRITE_PATH).findFirst();
    }

    /** {@code row}'s input rate as a fraction of the write-path baseline's, when it ran. */
    public OptionalDouble ratioToWritePath(Row row) {
        return writePath().map(base -> OptionalDouble.of(ratio(row, base))).orElse(OptionalDouble.empty());
    }

    private static double ratio(Row row, Row base) {
        double rate = base.consumedPerSecond();
        return rate == 0 ? 0 : row.consumedPerSecond() / rate;
    }

    /** The report as a table for people. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "bench %s: %d signals, %d entities, %d partitions, %s, commit interval"
                        + " %d ms, %d stream thread(s); produced in %.1f s (%.0f signals/s, acks=all)%n", stage, signals,
                entities, partitions, guarantee, commitInterval.toMillis(), threads, seconds(produced),
                perSecond(signals, produced)));
        out.append("rates are measured ").append(MEASURED_FROM).append(System.lineSeparator())
                .append(System.lineSeparator());
        boolean writePathRan = writePath().isPresent();
        out.append(String.format(Locale.ROOT, "%-14s %12s %12s %7s %10s %9s %8s %15s %12s%n", "run", "in/s", "out/s",
                "ratio", "vs writes", "start s", "wall s", "written/signal", "RocksDB MiB"));
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-14s %12.0f %12.0f %7.3f %10s %9.2f %8.2f %15.3f %12s%n",
                    row.name(), row.consumedPerSecond(), row.emittedPerSecond(), ratio(row),
                    ratioText(ratioToWritePath(row)), seconds(row.startup()), seconds(row.measured()),
                    row.writtenPerRecord(), mibText(row.rocksDbPeakBytes())));
        }
        out.append(System.lineSeparator()).append("in/s: input records (signals) per second; out/s: committed output"
                + " records (emissions) per second; ratio: in/s over the pass-through's").append(System.lineSeparator());
        if (writePathRan) {
            out.append("vs writes: in/s over the write-path baseline's (").append(writePath().get().name())
                    .append(": each signal copied as many times as the stage wrote records per signal, rounded)")
                    .append(System.lineSeparator());
        }
        out.append("RocksDB MiB: peak usage of the process's one RocksDB block cache during the stage's run (its"
                + " memtables, index and filter blocks charged to it; blocks of apps closed before it stay until"
                + " evicted, so an upper bound of the stage's own)").append(System.lineSeparator());
        for (Row row : rows) {
            out.append(System.lineSeparator()).append("records written per signal by ").append(row.name())
                    .append(" (end offsets / signals")
                    .append(guarantee.startsWith("exactly_once") ? "; include transaction markers)" : ")")
                    .append(':').append(System.lineSeparator());
            row.written().forEach((topic, offsets) -> out.append(String.format(Locale.ROOT, "  %-64s %10d %8.3f%n",
                    topic, offsets, signals == 0 ? 0 : offsets / (double) signals)));
        }
        peakRssBytes.ifPresent(bytes -> out.append(System.lineSeparator()).append(String.format(Locale.ROOT,
                "peak RSS %d MiB (VmHWM of this JVM so far: the embedded broker, the producer, these runs and every"
                        + " run before them in this process)%n",
                bytes / (1024 * 1024))));
        return out.toString();
    }

    /** One line per report (one per stage): the stage's rate and its ratios to both baselines. */
    public static String summary(List<BenchReport> reports) {
        StringBuilder out = new StringBuilder("summary").append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "%-8s %14s %12s %12s %7s %10s %15s %12s%n", "stage", "pass-through/s",
                "stage in/s", "stage out/s", "ratio", "vs writes", "written/signal", "RocksDB MiB"));
        for (BenchReport report : reports) {
            for (Row row : report.rows()) {
                if (row.kind() == Kind.STAGE) {
                    out.append(String.format(Locale.ROOT, "%-8s %14.0f %12.0f %12.0f %7.3f %10s %15.3f %12s%n",
                            row.name(), report.baseline().consumedPerSecond(), row.consumedPerSecond(),
                            row.emittedPerSecond(), report.ratio(row), ratioText(report.ratioToWritePath(row)),
                            row.writtenPerRecord(), mibText(row.rocksDbPeakBytes())));
                }
            }
        }
        return out.toString();
    }

    /** The report as JSON, with the same numbers as {@link #table()}. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("stage", stage);
        root.put("signals", signals);
        root.put("entities", entities);
        root.put("partitions", partitions);
        root.put("guarantee", guarantee);
        root.put("commit_interval_ms", commitInterval.toMillis());
        root.put("threads", threads);
        root.put("measured_from", MEASURED_FROM);
        ObjectNode produce = root.putObject("produce");
        produce.put("seconds", seconds(produced));
        produce.put("signals_per_second", perSecond(signals, produced));
        ArrayNode array = root.putArray("rows");
        for (Row row : rows) {
            ObjectNode node = array.addObject();
            node.put("name", row.name());
            node.put("consumed", row.consumed());
            node.put("emitted", row.emitted());
            node.put("consumed_per_second", row.consumedPerSecond());
            node.put("emitted_per_second", row.emittedPerSecond());
            node.put("kind", row.kind().name().toLowerCase(Locale.ROOT));
            node.put("ratio", ratio(row));
            OptionalDouble toWritePath = ratioToWritePath(row);
            if (toWritePath.isPresent()) {
                node.put("ratio_to_write_path", toWritePath.getAsDouble());
            } else {
                node.putNull("ratio_to_write_path");
            }
            if (row.rocksDbPeakBytes().isPresent()) {
                node.put("rocksdb_peak_bytes", row.rocksDbPeakBytes().getAsLong());
            } else {
                node.putNull("rocksdb_peak_bytes");
            }
            node.put("startup_seconds", seconds(row.startup()));
            node.put("wall_seconds", seconds(row.measured()));
            node.put("written_per_signal", row.writtenPerRecord());
            ObjectNode written = node.putObject("written_offsets");
            row.written().forEach(written::put);
        }
        if (peakRssBytes.isPresent()) {
            root.put("peak_rss_bytes", peakRssBytes.getAsLong());
        } else {
            root.putNull("peak_rss_bytes");
        }
        return root;
    }

    /** The ratio with 3 decimals, or "-". */
    private static String ratioText(OptionalDouble ratio) {
        return ratio.isPresent() ? String.format(Locale.ROOT, "%.3f", ratio.getAsDouble()) : "-";
    }

    /** The bytes in MiB with 1 decimal, or "-". */
    private static String mibText(OptionalLong bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.1f", bytes.getAsLong() / (1024.0 * 1024.0)) : "-";
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static double perSecond(long count, Duration duration) {
        return duration.isZero() ? 0 : count / seconds(duration);
    }
}
