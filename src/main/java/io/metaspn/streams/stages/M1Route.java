package io.metaspn.streams.stages;

import io.metaspn.streams.engine.Checks;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Step;
import io.metaspn.streams.engine.StepResult;
import java.util.List;

/** M1: profile → score → route. Scores a profile and picks its review queue. */
public final class M1Route extends ReferenceStage<M1Route.Profile, M1Route.RouteState> {
    public static final String KEY = "m1_route";
    public static final String PIPELINE = "m1_profile_score_route";
    /** Scores at or above this go to priority review. */
    public static final double PRIORITY_THRESHOLD = 0.75;

    /** A profile observation. Entity key: {@code profile_id}. */
    public record Profile(String profileId, String profileTier, String channel, double qualityScore,
                          double intentScore) {
        public Profile {
            Checks.nonEmpty(profileId, "profile_id");
            Checks.present(profileTier, "profile_tier");
            Checks.present(channel, "channel");
            Checks.finite(qualityScore, "quality_score");
            Checks.finite(intentScore, "intent_score");
        }

        /** {@code round(quality * 0.6 + intent * 0.4, 4)}. */
        public double score() {
            return PythonCompat.round(qualityScore * 0.6 + intentScore * 0.4, 4);
        }
    }

    /** Per-profile counters. */
    public record RouteState(long profiledCount, long scoredCount, long routedCount, String lastRoute) {
        public static final RouteState INITIAL = new RouteState(0, 0, 0, "");

        public RouteState withScored(String route) {
            return new RouteState(profiledCount + 1, scoredCount + 1, routedCount, route);
        }

        public RouteState withRouted() {
            return new RouteState(profiledCount, scoredCount, routedCount + 1, lastRoute);
        }
    }

    /** {@code m1.profile.enriched}. */
    public record ProfileEnriched(String profileId, String profileTier, String channel) {
    }

    /** {@code m1.scores.computed}. */
    public record ScoresComputed(String profileId, double score, String routeHint) {
    }

    /** {@code m1.route.selected}. */
    public record RouteSelected(String profileId, String route) {
    }

    /** The queue for a score. */
    public static String routeFor(double score) {
        return score >= PRIORITY_THRESHOLD ? "priority_review" : "standard_queue";
    }

    private static final Pipeline<Profile, RouteState> PIPELINE_STEPS = Pipeline.of(PIPELINE,
            Step.<Profile, RouteState>of("profile", (signal, state) -> {
                Profile p = signal.payload();
                return StepResult.emit(Emission.of(signal, "profile", "m1.profile.enriched",
                        new ProfileEnriched(p.profileId(), p.profileTier(), p.channel())));
            }),
            Step.<Profile, RouteState>of("score", (signal, state) -> {
                Profile p = signal.payload();
                double score = p.score();
                String hint = routeFor(score);
                return StepResult.of(Emission.of(signal, "score", "m1.scores.computed",
                        new ScoresComputed(p.profileId(), score, hint)), s -> s.withScored(hint));
            }),
            Step.<Profile, RouteState>of("route", (signal, state) -> StepResult.of(Emission.of(signal, "route",
                    "m1.route.selected", new RouteSelected(signal.payload().profileId(), state.lastRoute())),
                    RouteState::withRouted)));

    /** The stage. */
    public M1Route() {
        super(KEY, "m1", List.of("profile", "score", "route"), Profile.class, RouteState.INITIAL, PIPELINE_STEPS);
    }

    @Override
    public String entityKey(Profile payload) {
        return payload.profileId();
    }
}
