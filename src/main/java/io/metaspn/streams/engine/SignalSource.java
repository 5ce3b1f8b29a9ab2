package io.metaspn.streams.engine;

import java.util.stream.Stream;

/**
 * Where signals come from (a file, a topic, a test fixture).
 *
 * @param <T> the signal payload type
 */
@FunctionalInterface
public interface SignalSource<T> {

    /** The signals, in order. */
    Stream<Signal<T>> signals();
}
