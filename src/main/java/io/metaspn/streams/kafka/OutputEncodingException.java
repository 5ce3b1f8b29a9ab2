package io.metaspn.streams.kafka;

import io.metaspn.streams.engine.ValidationException;

/**
 * A signal's output (an emission or the entity's new state) could not be turned into its Avro record or encoded:
 * the stage produced a value its schema cannot hold (a missing required value, a payload type it does not declare).
 * A fault of the schema registry is never one of these: it passes unchanged and fails the task. The
 * signal itself was read and accepted, so the stage is at fault, not a field of the signal: the signal is
 * dead-lettered as a failed step, with nothing written and no state changed. The conversion's own error is kept as
 * a suppressed exception (for the stack trace), not as the cause, so that no field of the output is reported as a
 * field of the signal.
 */
public final class OutputEncodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code what} (such as {@code emission s1:score}) could not be converted: {@code failure}. */
    public OutputEncodingException(String what, RuntimeException failure) {
        super(what + " does not fit its schema: " + (failure instanceof ValidationException invalid
                && invalid.field() != null ? invalid.field() + " " : "") + failure.getMessage());
        addSuppressed(failure);
    }
}
