package io.metaspn.streams.stages;

import io.metaspn.streams.game.reference.ReferenceBindings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each stage's rules from spec/reference-stages.md, one scenario at a time. */
class ReferenceScenariosTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");
    private int sequence;

    private <T> Signal<T> signal(T payload) {
        int n = sequence++;
        return Signal.of(payload, T0.plusSeconds(n), "ops.test", "sig_" + n);
    }

    @Test
    void m0CountsEventsPerEntityAndResolvesTheEntityRef() {
        Engine<M0Ingest.Post, M0Ingest.IngestState> engine = new M0Ingest().engine();
        engine.process(signal(new M0Ingest.Post("x", "e1", "alice", "h1")));
        engine.process(signal(new M0Ingest.Post("podcast", "e2", "alice", "h2")));
        List<Emission<?>> third = engine.process(signal(new M0Ingest.Post("x", "e3", "alice", "h3")));

        assertThat(third).extracting(Emission::emissionType)
                .containsExactly("m0.ingest.accepted", "m0.resolve.completed", "m0.event.ready");
        assertThat(third.get(1).payload()).isEqualTo(new M0Ingest.ResolveCompleted("x:alice", "e3"));
        assertThat(third.get(2).payload()).isEqualTo(new M0Ingest.EventReady("x:alice", 2));
        assertThat(engine.getState("x:alice").value()).isEqualTo(new M0Ingest.IngestState(2, 2, "x:alice"));
        assertThat(engine.getState("podcast:alice").value()).isEqualTo(new M0Ingest.IngestState(1, 1, "podcast:alice"));
    }

    @Test
    void m1RoutesAtTheThresholdToPriorityReviewAndRoundsHalfEven() {
        Engine<M1Route.Profile, M1Route.RouteState> engine = new M1Route().engine();
        List<Emission<?>> atThreshold = engine.process(signal(new M1Route.Profile("p", "core", "email", 0.75, 0.75)));
        List<Emission<?>> below = engine.process(signal(new M1Route.Profile("p", "core", "email", 0.7, 0.8)));

        assertThat(atThreshold.get(1).payload()).isEqualTo(new M1Route.ScoresComputed("p", 0.75, "priority_review"));
        assertThat(atThreshold.get(2).payload()).isEqualTo(new M1Route.RouteSelected("p", "priority_review"));
        // 0.7 * 0.6 + 0.8 * 0.4 = 0.74 (in doubles 0.74 exactly after rounding), below 0.75
        assertThat(below.get(1).payload()).isEqualTo(new M1Route.ScoresComputed("p", 0.74, "standard_queue"));
        assertThat(engine.getState("p").value()).isEqualTo(new M1Route.RouteState(2, 2, 2, "standard_queue"));
        assertThat(new M1Route.Profile("p", "t", "c", 0.00025, 0.0).score())
                .isEqualTo(new java.math.BigDecimal(0.00025 * 0.6).setScale(4, java.math.RoundingMode.HALF_EVEN)
                        .doubleValue());
    }

    @Test
    void m2RanksByRoundedBoostedScoreThenCodePointIdAndDraftsForTheTop() {
        Engine<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> engine = new M2Shortlist().engine();
        // b and "\uD83D\uDE00" tie at 0.5 after rounding to 3 places; U+1F600 sorts after U+FFFF ("\uFFFF")
        List<M2Shortlist.Candidate> candidates = List.of(
                new M2Shortlist.Candidate("\uD83D\uDE00", "Emoji", 0.5, 0.0),
                new M2Shortlist.Candidate("\uFFFF", "Last BMP", 0.4999, 0.0001),
                new M2Shortlist.Candidate("b", "Bee", 0.4996, 0.0),
                new M2Shortlist.Candidate("a", "Ay", 0.3, 0.35));
        List<Emission<?>> out = engine.process(signal(new M2Shortlist.Shortlist("aud", "Try", candidates)));

        assertThat(out.get(0).payload()).isEqualTo(new M2Shortlist.RecommendationRanked("aud",
                List.of("a", "b", "\uFFFF", "\uD83D\uDE00"), "a"));
        assertThat(out.get(1).payload()).isEqualTo(new M2Shortlist.DraftGenerated("aud", "a", "Try: Ay"));
        assertThat(engine.getState("aud").value())
                .isEqualTo(new M2Shortlist.ShortlistState(1, 1, "a", List.of("a", "b", "\uFFFF", "\uD83D\uDE00")));
    }

    @Test
    void m3ClassifiesTheRoundedGap() {
        Engine<M3Learning.Attempt, M3Learning.LearningState> engine = new M3Learning().engine();
        List<Emission<?>> none = engine.process(signal(new M3Learning.Attempt("l", "s", "a0", 0.5, 0.5)));
        List<Emission<?>> minor = engine.process(signal(new M3Learning.Attempt("l", "s", "a1", 0.6, 0.50004)));
        List<Emission<?>> major = engine.process(signal(new M3Learning.Attempt("l", "s", "a2", 0.6, 0.5)));

        assertThat(none.get(1).payload()).isEqualTo(new M3Learning.OutcomeEvaluated("a0", true, 0.0));
        assertThat(none.get(3).payload()).isEqualTo(new M3Learning.CalibrationProposed("a0", "maintain", "none"));
        // 0.6 - 0.50004 = 0.09996 rounds to 0.1 (4 places): classified on the rounded gap, so major
        assertThat(minor.get(2).payload()).isEqualTo(new M3Learning.FailureClassified("a1", "major_gap", 0.1));
        assertThat(major.get(3).payload())
                .isEqualTo(new M3Learning.CalibrationProposed("a2", "rebuild_foundation", "major_gap"));
        assertThat(M3Learning.failureClass(0.0999)).isEqualTo("minor_gap");
        assertThat(M3Learning.proposal("minor_gap")).isEqualTo("increase_support");
        assertThat(engine.getState("l").value()).isEqualTo(new M3Learning.LearningState(3, 3, 3, 3,
                PythonCompat.round(0.6 - 0.5, 4), "major_gap"));
        assertThat(none.get(0).payload()).isEqualTo(new M3Learning.Attempt("l", "s", "a0", 0.5, 0.5));
    }

    @Test
    void m4SplitsEquallyWhenNoGameHasPositiveAttentionAndGivesZeroWithoutPositiveStake() {
        Engine<M4Rewards.Season, M4Rewards.RewardsState> engine = new M4Rewards().engine();
        M4Rewards.Season season = new M4Rewards.Season("s1", 90.0, List.of(
                new M4Rewards.Game("g2", -1.0, List.of(new M4Rewards.Staker("z", -3.0, 0))),
                new M4Rewards.Game("g1", 0.0, List.of(new M4Rewards.Staker("b", 2.0, 0),
                        new M4Rewards.Staker("a", 1.0, 0))),
                new M4Rewards.Game("g3", 0.0, List.of())));
        List<Emission<?>> out = engine.process(signal(season));

        M4Rewards.AttentionComputed attention = (M4Rewards.AttentionComputed) out.get(0).payload();
        assertThat(attention.attentionShareByGame()).containsExactly(Map.entry("g1", 0.333333),
                Map.entry("g2", 0.333333), Map.entry("g3", 0.333333));
        assertThat(attention.totalAttention()).isEqualTo(0.0);
        M4Rewards.PoolAllocated pool = (M4Rewards.PoolAllocated) out.get(1).payload();
        assertThat(pool.rewardPoolByGame()).containsEntry("g1", 29.99997);
        M4Rewards.StakerAllocated stakers = (M4Rewards.StakerAllocated) out.get(2).payload();
        assertThat(stakers.stakerRewardByGame().get("g1")).containsExactly(Map.entry("a", 9.99999),
                Map.entry("b", 19.99998));
        assertThat(stakers.stakerRewardByGame().get("g2")).containsExactly(Map.entry("z", 0.0));
        assertThat(stakers.stakerRewardByGame().get("g3")).isEmpty();
        assertThat(stakers.totalDistributed()).isEqualTo(29.99997);
        assertThat(out).allSatisfy(e -> assertThat(e.metadata()).containsKey("trace"));
        assertThat(engine.getState("s1").value().seasonsProcessed()).isEqualTo(1);
        assertThat(engine.getState("s1").value().totalDistributed()).isEqualTo(29.99997);
    }

    @Test
    void m4EarlyConvictionMultipliesStakesAtTheThreshold() {
        M4Rewards.Season season = new M4Rewards.Season("s1", 100.0, List.of(new M4Rewards.Game("g", 1.0,
                List.of(new M4Rewards.Staker("early", 1.0, 30), new M4Rewards.Staker("late", 1.0, 29)))));
        M4Rewards.StakerAllocated off = (M4Rewards.StakerAllocated) new M4Rewards().engine()
                .process(signal(season)).get(2).payload();
        M4Rewards.StakerAllocated on = (M4Rewards.StakerAllocated) new M4Rewards(new M4Rewards.Config(true, 1.25, 30))
                .engine().process(signal(season)).get(2).payload();

        assertThat(off.stakerRewardByGame().get("g")).containsExactly(Map.entry("early", 50.0), Map.entry("late", 50.0));
        assertThat(on.stakerRewardByGame().get("g")).containsExactly(Map.entry("early", 55.555556),
                Map.entry("late", 44.444444));
        assertThat(on.config().enableEarlyConvictionMultiplier()).isTrue();
    }

    @Test
    void m4WithNoGamesEmitsEmptyMaps() {
        List<Emission<?>> out = new M4Rewards().engine().process(signal(new M4Rewards.Season("s", 10.0, List.of())));

        assertThat(((M4Rewards.AttentionComputed) out.get(0).payload()).attentionShareByGame()).isEmpty();
        assertThat(((M4Rewards.StakerAllocated) out.get(2).payload()).totalDistributed()).isEqualTo(0.0);
    }

    @Test
    void catalogueKnowsEveryStageByShortNameAndKey() {
        assertThat(StageCatalogue.all()).extracting(Stage::key)
                .containsExactly("m0_ingest", "m1_route", "m2_shortlist", "m3_learning", "m4_rewards");
        assertThat(StageCatalogue.all()).extracting(Stage::pipelineName).containsExactly("m0_ingest_resolve_emit",
                "m1_profile_score_route", "m2_rank_and_draft", "m3_attempt_outcome_failure_calibration",
                "m4_attention_pool_staker");
        assertThat(ReferenceBindings.expectedEmissionIds("sig_1", "m2_shortlist"))
                .containsExactly("sig_1:recommendation", "sig_1:draft");
        assertThat(ReferenceBindings.expectedEmissionIds("x", "m3"))
                .containsExactly("x:attempt", "x:outcome", "x:failure", "x:calibration");
        assertThat(ReferenceBindings.byName("M4_REWARDS").shortName()).isEqualTo("m4");
        assertThatThrownBy(() -> ReferenceBindings.byName("m9")).hasMessageContaining("unknown stage 'm9'");
    }

    @Test
    void payloadRecordsRejectWhatTheSpecRejectsNamingTheField() {
        assertThatThrownBy(() -> new M1Route.Profile("", "t", "c", 0.1, 0.1))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("profile_id"));
        assertThatThrownBy(() -> new M2Shortlist.Shortlist("a", "p", List.of(
                new M2Shortlist.Candidate("c1", "t", 0.1, 0), new M2Shortlist.Candidate("c1", "u", 0.2, 0))))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("candidates[1].candidate_id"));
        assertThatThrownBy(() -> new M4Rewards.Staker("s", 1.0, -1))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("conviction_days"));
        assertThatThrownBy(() -> new M4Rewards.Season("s", -0.5, List.of()))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("total_reward_pool"));
        assertThatThrownBy(() -> new M3Learning.Attempt("l", "s", "a", Double.NaN, 0))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("expected_score"));
    }
}
