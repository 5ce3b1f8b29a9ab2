package io.metaspn.streams.kafka;

/**
 * What the stream application tells an observer while it processes, per stage: signals processed (with their
 * emissions and processing time), duplicates skipped and records dead-lettered. The application calls it on
 * its stream threads, so an implementation must be thread-safe and quick (counters, no I/O); it must not throw.
 * {@link #NONE} ignores everything; the {@code ops} package implements it with Micrometer, so that this
 * package stays free of any metrics library.
 *
 * <p>Dead letters are reported by {@link DeadLetterHandler}, which Kafka Streams creates from its class name;
 * it finds the listener in its configuration under {@link MetaspnConfig#PROCESSING_LISTENER}, where
 * {@link MetaspnStreamsApp} puts it.
 */
public interface ProcessingListener {
    /** Ignores everything. */
    ProcessingListener NONE = new ProcessingListener() {
    };

    /**
     * A signal went through {@code stage}: its state is stored and its {@code emissions} forwarded (committed with
     * the task's next commit), after {@code nanos} of processing (decoding, pipeline, encoding and checks).
     */
    default void processed(String stage, int emissions, long nanos) {
    }

    /** A signal whose id {@code stage} had already processed was skipped. */
    default void duplicateSkipped(String stage) {
    }

    /** A record of {@code stage} went to its dead-letter topic for {@code reason}. */
    default void deadLettered(String stage, DeadLetterReason reason) {
    }
}
