package io.metaspn.streams.engine;

/**
 * Thrown when a signal or one of its fields breaks the contract of the stage that reads it.
 * Carries the path of the offending field (for example {@code payload.candidates[2].candidate_id}).
 */
public final class ValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the offending field's path, or {@code null} when the whole record is at fault
     * @param message what is wrong with it
     */
    public ValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The path of the offending field, or {@code null} when the whole record is at fault. */
    public String field() {
        return field;
    }

    /** The same error with {@code prefix} put before the field path ({@code prefix.field}). */
    public ValidationException under(String prefix) {
        String path = field == null ? prefix
                : field.startsWith("[") ? prefix + field : prefix + "." + field;
        ValidationException moved = new ValidationException(path, getMessage());
        moved.setStackTrace(getStackTrace());
        return moved;
    }

    @Override
    public String toString() {
        return field == null ? getMessage() : field + ": " + getMessage();
    }
}
