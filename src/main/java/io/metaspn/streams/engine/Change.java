package io.metaspn.streams.engine;

/**
 * A watched value that changed, as emitted by {@link Transforms#emitOnChange}.
 *
 * @param previous the value before ({@code null} the first time)
 * @param current  the value now
 * @param <V>      the value type
 */
public record Change<V>(V previous, V current) {
}
