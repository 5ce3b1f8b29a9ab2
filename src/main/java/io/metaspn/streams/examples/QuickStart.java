package io.metaspn.streams.examples;

import io.metaspn.streams.engine.Checks;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.Transforms;
import java.time.Instant;
import java.util.List;

/**
 * The engine's quick start: score events go in, a {@code new_high_score} emission comes out
 * whenever a score beats the best score seen so far, and the state keeps running totals.
 *
 * <p>The high-score check runs before the state update, so it compares the new score with the
 * previous high score (checking after the update would compare the score with itself and never
 * emit).
 */
public final class QuickStart {
    /** The emission type of a beaten high score. */
    public static final String NEW_HIGH_SCORE = "new_high_score";

    private QuickStart() {
    }

    /**
     * A user scored.
     *
     * @param userId who scored; not empty
     * @param score  the score; a finite number
     */
    public record ScoreEvent(String userId, double score) {
        public ScoreEvent {
            Checks.nonEmpty(userId, "user_id");
            Checks.finite(score, "score");
        }
    }

    /**
     * Running statistics over all score events.
     *
     * @param totalSignals how many score events were seen
     * @param runningTotal the sum of their scores
     * @param highScore    the best score so far (0 before the first event)
     */
    public record ScoreState(long totalSignals, double runningTotal, double highScore) {
        /** The state before any event. */
        public static final ScoreState INITIAL = new ScoreState(0, 0.0, 0.0);

        /** This state with another event count. */
        public ScoreState withTotalSignals(long newTotalSignals) {
            return new ScoreState(newTotalSignals, runningTotal, highScore);
        }

        /** This state with another running total. */
        public ScoreState withRunningTotal(double newRunningTotal) {
            return new ScoreState(totalSignals, newRunningTotal, highScore);
        }

        /** This state with another high score. */
        public ScoreState withHighScore(double newHighScore) {
            return new ScoreState(totalSignals, runningTotal, newHighScore);
        }

        /** This state after one more event scoring {@code score}. */
        public ScoreState plus(double score) {
            return withTotalSignals(totalSignals + 1)
                    .withRunningTotal(runningTotal + score)
                    .withHighScore(Math.max(highScore, score));
        }
    }

    /**
     * The payload of a {@code new_high_score} emission (JSON fields {@code user_id}, {@code score},
     * {@code previous_high}).
     *
     * @param userId       who set the new high score
     * @param score        the new high score
     * @param previousHigh the high score it beat
     */
    public record NewHighScore(String userId, double score, double previousHigh) {
    }

    /**
     * The quick start's pipeline: emit {@code new_high_score} when the score beats the high score
     * (compared with the state before this event), then count the event in the state.
     */
    public static Pipeline<ScoreEvent, ScoreState> pipeline() {
        return Pipeline.<ScoreEvent, ScoreState>named("quick_start")
                .then(Transforms.<ScoreEvent, ScoreState, NewHighScore>emitIf(
                        (signal, state) -> signal.payload().score() > state.highScore(),
                        NEW_HIGH_SCORE,
                        (signal, state) -> new NewHighScore(signal.payload().userId(), signal.payload().score(),
                                state.highScore())))
                .then(Transforms.updateState((state, signal) -> state.plus(signal.payload().score())));
    }

    /** An engine running {@link #pipeline()} from {@link ScoreState#INITIAL}. */
    public static Engine<ScoreEvent, ScoreState> engine() {
        return Engine.builder(pipeline(), ScoreState.INITIAL).build();
    }

    /** Runs a few score events and prints the emissions and the final state. */
    public static void main(String[] args) {
        Engine<ScoreEvent, ScoreState> engine = engine();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Signal<ScoreEvent>> signals = List.of(
                Signal.of(new ScoreEvent("alice", 50), start, "quick_start", "score-1"),
                Signal.of(new ScoreEvent("bob", 80), start.plusSeconds(60), "quick_start", "score-2"),
                Signal.of(new ScoreEvent("alice", 70), start.plusSeconds(120), "quick_start", "score-3"),
                Signal.of(new ScoreEvent("carol", 95), start.plusSeconds(180), "quick_start", "score-4"));
        for (Emission<?> emission : engine.processBatch(signals)) {
            System.out.println(emission.emissionId() + " " + emission.emissionType() + " " + emission.payload());
        }
        System.out.println("state: " + engine.getState().value());
    }
}
