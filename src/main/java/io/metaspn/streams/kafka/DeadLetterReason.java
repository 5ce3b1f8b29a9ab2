package io.metaspn.streams.kafka;

import io.metaspn.streams.engine.StepFailedException;
import io.metaspn.streams.engine.ValidationException;
import java.util.Locale;

/**
 * Why a record was dead-lettered, in a few fixed classes (a bounded set, fit for a metric tag; the dead letter's
 * headers carry the exact error).
 */
public enum DeadLetterReason {
    /** The record could not be read: not Avro in the wire format, an unknown schema id, bytes that do not decode. */
    UNREADABLE,
    /** The signal breaks the stage's rules (a {@link ValidationException}). */
    INVALID,
    /** A step of the stage's pipeline threw, or the stage produced an output its schema cannot hold. */
    STEP_FAILED,
    /** The signal's emissions or state would be larger than the application may write. */
    OVERSIZED,
    /** The emissions topic would refuse the signal's output (its timestamp is out of the accepted range). */
    OUTPUT_REFUSED,
    /** The broker refused a record written (at-least-once only: the refused record itself is dead-lettered). */
    REFUSED_BY_BROKER,
    /** Anything else the processing threw. */
    OTHER;

    /** The reason in lower case ({@code step_failed}), as a metric tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason of a record whose processing threw {@code exception}. */
    public static DeadLetterReason ofProcessing(Throwable exception) {
        for (Throwable current = exception; current != null; current = current.getCause()) {
            if (current instanceof OutputEncodingException) {
                return STEP_FAILED;
            }
            if (current instanceof ValidationException) {
                return INVALID;
            }
            if (current instanceof OversizedRecordException) {
                return OVERSIZED;
            }
            if (current instanceof OutputRefusedException) {
                return OUTPUT_REFUSED;
            }
            if (current instanceof StepFailedException) {
                return current.getCause() instanceof ValidationException ? INVALID : STEP_FAILED;
            }
        }
        return OTHER;
    }
}
