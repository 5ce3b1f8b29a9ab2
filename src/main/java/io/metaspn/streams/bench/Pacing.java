package io.metaspn.streams.bench;

/**
 * A fixed offered rate, paced by the wall clock: record {@code i} is due {@code i / rate} seconds after the start,
 * whatever happened to the records before it (a late sender catches up rather than shifting the schedule).
 */
public final class Pacing {
    private final double rate;

    /**
     * A schedule of {@code rate} records per second.
     *
     * @throws IllegalArgumentException when {@code rate} is not a positive finite number
     */
    public Pacing(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive number, got " + rate);
        }
        this.rate = rate;
    }

    /** The records per second this schedule offers. */
    public double rate() {
        return rate;
    }

    /** When record {@code index} is due, in nanoseconds after the start. */
    public long dueNanos(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, got " + index);
        }
        return Math.round(index * 1e9 / rate);
    }

    /**
     * The rate actually offered by {@code count} records, the first sent at {@code firstNanos} and the last at
     * {@code lastNanos} ({@link System#nanoTime()}): {@code (count - 1)} intervals over the time between them,
     * so a sender exactly on schedule achieves {@link #rate()}; 0 for fewer than 2 records or no time between them.
     */
    public static double achievedRate(long count, long firstNanos, long lastNanos) {
        long span = lastNanos - firstNanos;
        return count < 2 || span <= 0 ? 0 : (count - 1) * 1e9 / span;
    }
}
