package io.metaspn.streams.stages;

import io.metaspn.streams.engine.Checks;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Step;
import io.metaspn.streams.engine.StepResult;
import io.metaspn.streams.engine.ValidationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** M2: rank → draft. Ranks an audience's candidates and drafts a recommendation for the top one. */
public final class M2Shortlist extends ReferenceStage<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> {
    public static final String KEY = "m2_shortlist";
    public static final String PIPELINE = "m2_rank_and_draft";

    /** A candidate to rank; {@code contextBoost} defaults to 0.0. */
    public record Candidate(String candidateId, String title, double score, double contextBoost) {
        public Candidate {
            Checks.present(candidateId, "candidate_id");
            Checks.present(title, "title");
            Checks.finite(score, "score");
            Checks.finite(contextBoost, "context_boost");
        }

        /** {@code round(score + context_boost, 3)}: what the ranking compares. */
        public double rankScore() {
            return PythonCompat.round(score + contextBoost, 3);
        }
    }

    /** Candidates for an audience. Entity key: {@code audience_id}. At least one candidate, ids unique. */
    public record Shortlist(String audienceId, String prompt, List<Candidate> candidates) {
        public Shortlist {
            Checks.nonEmpty(audienceId, "audience_id");
            Checks.present(prompt, "prompt");
            candidates = Checks.eachOf(Checks.nonEmpty(candidates, "candidates"), "candidates");
            Checks.uniqueIds(candidates, Candidate::candidateId, "candidates", "candidate_id");
        }

        /** Candidates by rank score descending, ties by candidate id (code point order). */
        public List<Candidate> ranked() {
            List<Candidate> ranked = new ArrayList<>(candidates);
            ranked.sort(RANKING);
            return ranked;
        }

        /** The candidate with this id. */
        public Candidate candidate(String candidateId) {
            for (Candidate candidate : candidates) {
                if (candidate.candidateId().equals(candidateId)) {
                    return candidate;
                }
            }
            throw new ValidationException("candidates", "has no candidate '" + candidateId + "'");
        }
    }

    /** Per-audience counters and the latest ranking. */
    public record ShortlistState(long rankedCount, long draftedCount, String latestTopCandidateId,
                                 List<String> latestRankedIds) {
        public static final ShortlistState INITIAL = new ShortlistState(0, 0, "", List.of());

        public ShortlistState {
            latestRankedIds = List.copyOf(latestRankedIds);
        }

        public ShortlistState withRanking(List<String> rankedIds) {
            return new ShortlistState(rankedCount + 1, draftedCount, rankedIds.get(0), rankedIds);
        }

        public ShortlistState withDrafted() {
            return new ShortlistState(rankedCount, draftedCount + 1, latestTopCandidateId, latestRankedIds);
        }
    }

    /** {@code m2.recommendation.ranked}. */
    public record RecommendationRanked(String audienceId, List<String> rankedIds, String topCandidateId) {
    }

    /** {@code m2.draft.generated}. */
    public record DraftGenerated(String audienceId, String recommendedCandidateId, String draftText) {
    }

    private static final Comparator<Candidate> RANKING = Comparator
            .comparingDouble(Candidate::rankScore).reversed()
            .thenComparing(Candidate::candidateId, PythonCompat.CODE_POINT_ORDER);

    private static final Pipeline<Shortlist, ShortlistState> PIPELINE_STEPS = Pipeline.of(PIPELINE,
            Step.<Shortlist, ShortlistState>of("recommendation", (signal, state) -> {
                List<Candidate> ranked = signal.payload().ranked();
                List<String> ids = new ArrayList<>(ranked.size());
                for (Candidate candidate : ranked) {
                    ids.add(candidate.candidateId());
                }
                List<String> rankedIds = List.copyOf(ids);
                return StepResult.of(Emission.of(signal, "recommendation", "m2.recommendation.ranked",
                        new RecommendationRanked(signal.payload().audienceId(), rankedIds, rankedIds.get(0))),
                        s -> s.withRanking(rankedIds));
            }),
            Step.<Shortlist, ShortlistState>of("draft", (signal, state) -> {
                String top = state.latestTopCandidateId();
                if (top.isEmpty()) {
                    return StepResult.none();
                }
                Shortlist shortlist = signal.payload();
                String draft = shortlist.prompt() + ": " + shortlist.candidate(top).title();
                return StepResult.of(Emission.of(signal, "draft", "m2.draft.generated",
                        new DraftGenerated(shortlist.audienceId(), top, draft)), ShortlistState::withDrafted);
            }));

    /** The stage. */
    public M2Shortlist() {
        super(KEY, "m2", List.of("recommendation", "draft"), Shortlist.class, ShortlistState.INITIAL, PIPELINE_STEPS);
    }

    @Override
    public String entityKey(Shortlist payload) {
        return payload.audienceId();
    }
}
