package io.metaspn.streams.kafka;

/**
 * A record the stage would write for this signal is stamped with a time its topic does not accept
 * ({@code message.timestamp.before.max.ms} / {@code message.timestamp.after.max.ms} of a {@code CreateTime}
 * topic): the signal is dead-lettered, with nothing written and no state changed.
 */
public final class OutputRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Output to {@code topic} stamped {@code timestamp} is outside what the topic accepts at {@code now}. */
    public OutputRefusedException(String topic, long timestamp, long now, OutputLimits.Limit limit) {
        super("the emissions of this signal would be stamped " + timestamp + " (the time the signal was written), "
                + (timestamp - now) + " ms from now, outside what " + topic + " accepts (message.timestamp.before.max.ms="
                + limit.timestampBeforeMaxMs() + ", message.timestamp.after.max.ms=" + limit.timestampAfterMaxMs() + ")");
    }
}
