package io.metaspn.streams.stages;

import io.metaspn.streams.engine.Signal;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of valid signals for each reference stage, over a small set of entities. */
final class StageSignals {
    private static final Instant START = Instant.parse("2026-02-06T12:00:00Z");

    private StageSignals() {
    }

    static Arbitrary<String> entity(String prefix) {
        return Arbitraries.integers().between(0, 5).map(i -> prefix + i);
    }

    static Arbitrary<Double> score() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-0.5, 1.5),
                Arbitraries.of(0.0, 0.75, 0.5, 0.00015, 0.74995, 1.0));
    }

    static Arbitrary<M0Ingest.Post> m0() {
        return Combinators.combine(Arbitraries.of("podcast", "x", "farcaster"), entity("actor_"),
                        Arbitraries.strings().alpha().ofLength(8))
                .as((platform, actor, hash) -> new M0Ingest.Post(platform, "ext_" + hash, actor, hash));
    }

    static Arbitrary<M1Route.Profile> m1() {
        return Combinators.combine(entity("p_"), Arbitraries.of("core", "edge", "new"), score(), score())
                .as((id, tier, quality, intent) -> new M1Route.Profile(id, tier, "email", quality, intent));
    }

    static Arbitrary<M2Shortlist.Shortlist> m2() {
        Arbitrary<List<M2Shortlist.Candidate>> candidates = Combinators
                .combine(Arbitraries.integers().between(0, 40), score(), Arbitraries.of(0.0, 0.05, 0.0005))
                .as((n, s, boost) -> new M2Shortlist.Candidate("c" + n, "Title " + n, s, boost))
                .list().ofMinSize(1).ofMaxSize(6).uniqueElements(M2Shortlist.Candidate::candidateId);
        return Combinators.combine(entity("aud_"), candidates)
                .as((audience, list) -> new M2Shortlist.Shortlist(audience, "Draft", list));
    }

    static Arbitrary<M3Learning.Attempt> m3() {
        return Combinators.combine(entity("learner_"), Arbitraries.integers().between(0, 999), score(), score())
                .as((learner, n, expected, observed) -> new M3Learning.Attempt(learner, "skill_" + (n % 3),
                        "att_" + n, expected, observed));
    }

    static Arbitrary<M4Rewards.Season> m4() {
        Arbitrary<M4Rewards.Staker> staker = Combinators.combine(Arbitraries.integers().between(0, 9),
                        Arbitraries.doubles().between(-5, 100), Arbitraries.integers().between(0, 90))
                .as((n, weight, days) -> new M4Rewards.Staker("s" + n, weight, days));
        Arbitrary<M4Rewards.Game> game = Combinators.combine(Arbitraries.integers().between(0, 6),
                        Arbitraries.doubles().between(-1, 100),
                        staker.list().ofMaxSize(4).uniqueElements(M4Rewards.Staker::stakerId))
                .as((n, attention, stakers) -> new M4Rewards.Game("g" + n, attention, stakers));
        return Combinators.combine(entity("season_"), Arbitraries.of(0.0, 1000.0, 250.5),
                        game.list().ofMaxSize(4).uniqueElements(M4Rewards.Game::gameId))
                .as(M4Rewards.Season::new);
    }

    /** Signals with ids {@code sig_<i>} a few seconds apart, in list order. */
    static <T> List<Signal<T>> signals(List<T> payloads) {
        return java.util.stream.IntStream.range(0, payloads.size())
                .mapToObj(i -> Signal.of(payloads.get(i), START.plusSeconds(7L * i), "ops.test", "sig_" + i))
                .toList();
    }
}
