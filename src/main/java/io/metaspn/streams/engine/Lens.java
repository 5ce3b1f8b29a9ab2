package io.metaspn.streams.engine;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A type-safe handle on one field of an immutable state: how to read it and how to make a copy
 * with it replaced. Built from a record accessor and a wither, e.g.
 * {@code Lens.of(ScoreState::highScore, ScoreState::withHighScore)}.
 *
 * @param getter reads the field
 * @param setter returns a copy with the field replaced
 * @param <S>    the state type
 * @param <V>    the field type
 */
public record Lens<S, V>(Function<S, V> getter, BiFunction<S, V, S> setter) {

    public Lens {
        Objects.requireNonNull(getter, "getter");
        Objects.requireNonNull(setter, "setter");
    }

    /** A lens from an accessor and a wither. */
    public static <S, V> Lens<S, V> of(Function<S, V> getter, BiFunction<S, V, S> setter) {
        return new Lens<>(getter, setter);
    }

    /** The field's value in {@code state}. */
    public V get(S state) {
        return getter.apply(state);
    }

    /** A copy of {@code state} with the field set to {@code value}. */
    public S set(S state, V value) {
        return setter.apply(state, value);
    }
}
