package io.metaspn.streams.stages;

import io.metaspn.streams.engine.Checks;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Step;
import io.metaspn.streams.engine.StepResult;
import java.util.List;

/** M3: attempt → outcome → failure → calibration. Grades a learning attempt and proposes support. */
public final class M3Learning extends ReferenceStage<M3Learning.Attempt, M3Learning.LearningState> {
    public static final String KEY = "m3_learning";
    public static final String PIPELINE = "m3_attempt_outcome_failure_calibration";

    /** A learner's attempt at a skill. Entity key: {@code learner_id}. Emitted as is by the attempt step. */
    public record Attempt(String learnerId, String skillId, String attemptId, double expectedScore,
                          double observedScore) {
        public Attempt {
            Checks.nonEmpty(learnerId, "learner_id");
            Checks.present(skillId, "skill_id");
            Checks.present(attemptId, "attempt_id");
            Checks.finite(expectedScore, "expected_score");
            Checks.finite(observedScore, "observed_score");
        }

        /** {@code round(expected - observed, 4)}. */
        public double gap() {
            return PythonCompat.round(expectedScore - observedScore, 4);
        }

        /** {@code observed >= expected}. */
        public boolean passed() {
            return observedScore >= expectedScore;
        }
    }

    /** Per-learner counters and the latest grading. */
    public record LearningState(long attemptsSeen, long outcomesEmitted, long failuresEmitted,
                                long calibrationsEmitted, double latestGap, String latestFailureClass) {
        public static final LearningState INITIAL = new LearningState(0, 0, 0, 0, 0.0, "");

        public LearningState withOutcome(double gap) {
            return new LearningState(attemptsSeen + 1, outcomesEmitted + 1, failuresEmitted, calibrationsEmitted,
                    gap, latestFailureClass);
        }

        public LearningState withFailure(String failureClass) {
            return new LearningState(attemptsSeen, outcomesEmitted, failuresEmitted + 1, calibrationsEmitted,
                    latestGap, failureClass);
        }

        public LearningState withCalibration() {
            return new LearningState(attemptsSeen, outcomesEmitted, failuresEmitted, calibrationsEmitted + 1,
                    latestGap, latestFailureClass);
        }
    }

    /** {@code m3.outcome.evaluated}. */
    public record OutcomeEvaluated(String attemptId, boolean passed, double gap) {
    }

    /** {@code m3.failure.classified}. */
    public record FailureClassified(String attemptId, String failureClass, double gap) {
    }

    /** {@code m3.calibration.proposed}. */
    public record CalibrationProposed(String attemptId, String proposal, String failureClass) {
    }

    /** {@code none} for gap &lt;= 0, {@code minor_gap} below 0.1, else {@code major_gap}. */
    public static String failureClass(double gap) {
        if (gap <= 0) {
            return "none";
        }
        return gap < 0.1 ? "minor_gap" : "major_gap";
    }

    /** The support proposed for a failure class. */
    public static String proposal(String failureClass) {
        return switch (failureClass) {
            case "none" -> "maintain";
            case "minor_gap" -> "increase_support";
            default -> "rebuild_foundation";
        };
    }

    private static final Pipeline<Attempt, LearningState> PIPELINE_STEPS = Pipeline.of(PIPELINE,
            Step.<Attempt, LearningState>of("attempt", (signal, state) ->
                    StepResult.emit(Emission.of(signal, "attempt", "m3.attempt.snapshot", signal.payload()))),
            Step.<Attempt, LearningState>of("outcome", (signal, state) -> {
                Attempt attempt = signal.payload();
                double gap = attempt.gap();
                return StepResult.of(Emission.of(signal, "outcome", "m3.outcome.evaluated",
                        new OutcomeEvaluated(attempt.attemptId(), attempt.passed(), gap)), s -> s.withOutcome(gap));
            }),
            Step.<Attempt, LearningState>of("failure", (signal, state) -> {
                String failureClass = failureClass(state.latestGap());
                return StepResult.of(Emission.of(signal, "failure", "m3.failure.classified",
                        new FailureClassified(signal.payload().attemptId(), failureClass, state.latestGap())),
                        s -> s.withFailure(failureClass));
            }),
            Step.<Attempt, LearningState>of("calibration", (signal, state) -> StepResult.of(
                    Emission.of(signal, "calibration", "m3.calibration.proposed",
                            new CalibrationProposed(signal.payload().attemptId(),
                                    proposal(state.latestFailureClass()), state.latestFailureClass())),
                    LearningState::withCalibration)));

    /** The stage. */
    public M3Learning() {
        super(KEY, "m3", List.of("attempt", "outcome", "failure", "calibration"), Attempt.class, LearningState.INITIAL, PIPELINE_STEPS);
    }

    @Override
    public String entityKey(Attempt payload) {
        return payload.learnerId();
    }
}
