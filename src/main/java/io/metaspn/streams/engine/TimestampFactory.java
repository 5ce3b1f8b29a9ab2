package io.metaspn.streams.engine;

import java.time.Instant;

/** Chooses an emission's timestamp. The default, the signal's event time, keeps replays identical. */
@FunctionalInterface
public interface TimestampFactory {

    /** The timestamp of an emission caused by {@code signal}. */
    Instant timestamp(Signal<?> signal);

    /** The signal's event time. */
    static TimestampFactory eventTime() {
        return Signal::timestamp;
    }
}
