package io.metaspn.streams.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Progress lines on stderr for a long command: nothing while it is short, then after {@link Settings#delay()}
 * one line, and one more every {@link Settings#interval()}, each saying what the command is doing
 * ({@code <command>: <status>}); when any was printed, one more with the last state when it ends. A daemon
 * thread prints them, so a command blocked on the cluster still shows where it is.
 */
final class Progress implements AutoCloseable {

    /** When progress lines start and how often they come. */
    record Settings(Duration delay, Duration interval) {
        /** The first line after 3 s, then one every 10 s. */
        static final Settings DEFAULT = new Settings(Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    private final String command;
    private final PrintStream err;
    private final Function<Duration, String> status;
    private final long startedNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private volatile boolean printed;

    private Progress(String command, Settings settings, PrintStream err, Function<Duration, String> status) {
        this.command = command;
        this.err = err;
        this.status = status;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metaspn-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::print, settings.delay().toNanos(),
                Math.max(1, settings.interval().toNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * Starts printing {@code command: status(elapsed)} on {@code err} per {@code settings}; {@code status} is
     * called from another thread, so it reads what it reports from thread-safe fields.
     */
    static Progress start(String command, Settings settings, PrintStream err, Function<Duration, String> status) {
        return new Progress(command, settings, err, status);
    }

    /** {@code count} per second over {@code elapsed}, rounded ("0" before the first millisecond). */
    static String rate(long count, Duration elapsed) {
        long millis = elapsed.toMillis();
        return millis <= 0 ? "0" : Long.toString(Math.round(count * 1000.0 / millis));
    }

    private synchronized void print() {
        try {
            err.println(command + ": " + status.apply(elapsed()));
            err.flush();
            printed = true;
        } catch (RuntimeException e) {
            // a progress line is never worth failing the command for
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Stops the lines; when any was printed, prints the last state. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (printed) {
                err.println(command + ": " + status.apply(elapsed()));
                err.flush();
            }
        }
    }
}
