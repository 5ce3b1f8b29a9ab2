package io.metaspn.streams.streams;

/**
 * The broker refused a record written for this signal (too large for the topic, a timestamp outside the
 * topic's accepted range): the signal is dead-lettered, with nothing written and no state changed.
 */
public final class OutputRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The broker refused output of the signal for {@code reason}. */
    public OutputRefusedException(String reason) {
        super("the broker refused a record written for this signal: " + reason);
    }
}
