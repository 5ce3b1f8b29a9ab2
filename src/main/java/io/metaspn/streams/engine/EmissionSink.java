package io.metaspn.streams.engine;

/** Where emissions go (a file, a topic, a list in a test). */
@FunctionalInterface
public interface EmissionSink extends AutoCloseable {

    /** Takes one emission. */
    void accept(Emission<?> emission);

    /** Makes everything accepted so far durable or visible. */
    default void flush() {
    }

    @Override
    default void close() {
        flush();
    }
}
