package io.metaspn.streams.embedded;

/** The embedded Kafka broker could not be formatted, started or stopped. */
public final class EmbeddedBrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EmbeddedBrokerException(String message) {
        super(message);
    }

    EmbeddedBrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
