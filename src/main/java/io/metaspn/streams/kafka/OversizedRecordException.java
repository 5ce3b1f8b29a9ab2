package io.metaspn.streams.kafka;

/**
 * Processing a signal would write a record larger than the application may write
 * ({@value MetaspnConfig#MAX_RECORD_BYTES}): the broker would refuse it, and under exactly-once a
 * refused write aborts the transaction every time the signal is retried. The signal is dead-lettered
 * instead, with nothing written and no state changed.
 */
public final class OversizedRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code what} would be {@code size} bytes, over {@code limit}. */
    public OversizedRecordException(String what, long size, long limit) {
        super(what + " would be " + size + " bytes, over the limit of " + limit + " bytes ("
                + MetaspnConfig.MAX_RECORD_BYTES + ")");
    }
}
