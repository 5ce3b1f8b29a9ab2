package io.metaspn.streams.json;

import io.metaspn.streams.engine.ValidationException;

/** A JSON signal that cannot be accepted: the field at fault and, when it could be read, the signal id. */
public final class InvalidSignalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String signalId;
    private final String field;

    public InvalidSignalException(String signalId, String field, String message, Throwable cause) {
        super(message, cause);
        this.signalId = signalId;
        this.field = field;
    }

    static InvalidSignalException of(String signalId, ValidationException e) {
        return new InvalidSignalException(signalId, e.field(), e.getMessage(), e);
    }

    /** The signal's id, or {@code null} when it could not be read. */
    public String signalId() {
        return signalId;
    }

    /** The offending field's path (e.g. {@code payload.candidates[1].score}), or {@code null} for the whole record. */
    public String field() {
        return field;
    }
}
