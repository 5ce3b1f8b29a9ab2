package io.metaspn.streams.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of one entity's state: its value, a version that counts the changes,
 * when it was created and last changed (event time of the causing signals), and, when enabled,
 * a bounded history of its last transitions.
 *
 * @param value        the current value
 * @param version      0 for the initial value, then +1 for every signal that changed it
 * @param createdAt    event time of the first signal seen for this state
 * @param updatedAt    event time of the last change
 * @param history      the last transitions, oldest first (empty unless enabled)
 * @param historyLimit how many transitions are kept (0: history disabled)
 * @param <S>          the value type
 */
public record State<S>(S value, long version, Instant createdAt, Instant updatedAt,
                       List<Transition<S>> history, int historyLimit) {

    /**
     * One change of state.
     *
     * @param signalId the signal that caused it
     * @param from     the value before
     * @param to       the value after
     * @param at       the causing signal's event time
     * @param version  the version after the change
     */
    public record Transition<S>(String signalId, S from, S to, Instant at, long version) {
    }

    public State {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (historyLimit < 0) {
            throw new IllegalArgumentException("historyLimit must be >= 0");
        }
        history = List.copyOf(history);
    }

    /** A fresh state at version 0, without history. */
    public static <S> State<S> initial(S value, Instant at) {
        return new State<>(value, 0, at, at, List.of(), 0);
    }

    /** This state keeping up to {@code limit} transitions from now on (0 switches history off). */
    public State<S> enableHistory(int limit) {
        List<Transition<S>> kept = history.size() > limit ? history.subList(history.size() - limit, history.size())
                : history;
        return new State<>(value, version, createdAt, updatedAt, kept, limit);
    }

    /** Whether this state records its transitions. */
    public boolean historyEnabled() {
        return historyLimit > 0;
    }

    /**
     * This state after {@code signalId} set it to {@code newValue} at event time {@code at}: the same
     * state when the value is equal, otherwise version + 1 and the transition recorded.
     */
    public State<S> withValue(S newValue, String signalId, Instant at) {
        Objects.requireNonNull(newValue, "newValue");
        if (newValue.equals(value)) {
            return this;
        }
        long next = version + 1;
        List<Transition<S>> nextHistory = history;
        if (historyLimit > 0) {
            List<Transition<S>> grown = new ArrayList<>(Math.min(history.size() + 1, historyLimit));
            int from = Math.max(0, history.size() + 1 - historyLimit);
            grown.addAll(history.subList(from, history.size()));
            grown.add(new Transition<>(signalId, value, newValue, at, next));
            nextHistory = grown;
        }
        return new State<>(newValue, next, createdAt, at, nextHistory, historyLimit);
    }
}
