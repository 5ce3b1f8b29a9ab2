package io.metaspn.streams.engine;

import java.time.Instant;

/**
 * A value with the event time it was seen at, as kept by time windows.
 *
 * @param value     the value
 * @param timestamp its event time
 * @param <V>       the value type
 */
public record Timestamped<V>(V value, Instant timestamp) {
}
