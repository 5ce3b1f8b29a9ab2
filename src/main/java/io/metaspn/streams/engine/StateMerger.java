package io.metaspn.streams.engine;

import java.util.List;

/**
 * Combines the states that parallel branches produced from the same input state into one.
 *
 * @param <S> the state value type
 */
@FunctionalInterface
public interface StateMerger<S> {

    /**
     * @param base     the state all branches started from
     * @param branches each branch's resulting state, in branch order
     * @return the state after the parallel step
     */
    S merge(S base, List<S> branches);

    /** Keeps the last branch's state. */
    static <S> StateMerger<S> lastWins() {
        return (base, branches) -> branches.isEmpty() ? base : branches.get(branches.size() - 1);
    }
}
