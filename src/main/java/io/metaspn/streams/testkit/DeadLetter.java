package io.metaspn.streams.testkit;

/**
 * A signal the stage refused, as the dead-letter topic holds it.
 *
 * @param value   the record's bytes (the signal as it was written)
 * @param field   the offending field's path ({@code payload.seconds}), or null when the whole record is at fault
 * @param message what was wrong
 * @param error   the exception's class name
 */
public record DeadLetter(byte[] value, String field, String message, String error) {
}
