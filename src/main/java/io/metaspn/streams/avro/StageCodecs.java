package io.metaspn.streams.avro;

import io.metaspn.streams.avro.m0.M0Emission;
import io.metaspn.streams.avro.m0.M0EventReady;
import io.metaspn.streams.avro.m0.M0IngestAccepted;
import io.metaspn.streams.avro.m0.M0Post;
import io.metaspn.streams.avro.m0.M0ResolveCompleted;
import io.metaspn.streams.avro.m0.M0Signal;
import io.metaspn.streams.avro.m0.M0State;
import io.metaspn.streams.avro.m1.M1Emission;
import io.metaspn.streams.avro.m1.M1Profile;
import io.metaspn.streams.avro.m1.M1ProfileEnriched;
import io.metaspn.streams.avro.m1.M1RouteSelected;
import io.metaspn.streams.avro.m1.M1ScoresComputed;
import io.metaspn.streams.avro.m1.M1Signal;
import io.metaspn.streams.avro.m1.M1State;
import io.metaspn.streams.avro.m2.M2Candidate;
import io.metaspn.streams.avro.m2.M2DraftGenerated;
import io.metaspn.streams.avro.m2.M2Emission;
import io.metaspn.streams.avro.m2.M2RecommendationRanked;
import io.metaspn.streams.avro.m2.M2Signal;
import io.metaspn.streams.avro.m2.M2State;
import io.metaspn.streams.avro.m3.M3AttemptSnapshot;
import io.metaspn.streams.avro.m3.M3CalibrationProposed;
import io.metaspn.streams.avro.m3.M3Emission;
import io.metaspn.streams.avro.m3.M3FailureClassified;
import io.metaspn.streams.avro.m3.M3OutcomeEvaluated;
import io.metaspn.streams.avro.m3.M3Signal;
import io.metaspn.streams.avro.m3.M3State;
import io.metaspn.streams.avro.m4.M4AttentionComputed;
import io.metaspn.streams.avro.m4.M4Config;
import io.metaspn.streams.avro.m4.M4Emission;
import io.metaspn.streams.avro.m4.M4Game;
import io.metaspn.streams.avro.m4.M4PoolAllocated;
import io.metaspn.streams.avro.m4.M4Season;
import io.metaspn.streams.avro.m4.M4Signal;
import io.metaspn.streams.avro.m4.M4StakerAllocated;
import io.metaspn.streams.avro.m4.M4State;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.stages.M0Ingest;
import io.metaspn.streams.stages.M1Route;
import io.metaspn.streams.stages.M2Shortlist;
import io.metaspn.streams.stages.M3Learning;
import io.metaspn.streams.stages.M4Rewards;
import io.metaspn.streams.stages.PythonCompat;
import io.metaspn.streams.stages.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The Avro codecs of the five reference stages, on their hand-made schemas (schemas/current/&lt;stage&gt;): the
 * reference games' Avro side ({@code io.metaspn.streams.game.reference.ReferenceGames}).
 */
public final class StageCodecs {
    private StageCodecs() {
    }

    /** The codec of M0 ingest (schemas/current/m0). */
    public static StageAvroCodec<M0Ingest.Post, M0Ingest.IngestState> m0(
            Stage<M0Ingest.Post, M0Ingest.IngestState> stage) {
        return new M0Codec(stage);
    }

    /** The codec of M1 route (schemas/current/m1). */
    public static StageAvroCodec<M1Route.Profile, M1Route.RouteState> m1(Stage<M1Route.Profile, M1Route.RouteState> stage) {
        return new M1Codec(stage);
    }

    /** The codec of M2 shortlist (schemas/current/m2). */
    public static StageAvroCodec<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> m2(
            Stage<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> stage) {
        return new M2Codec(stage);
    }

    /** The codec of M3 learning (schemas/current/m3). */
    public static StageAvroCodec<M3Learning.Attempt, M3Learning.LearningState> m3(
            Stage<M3Learning.Attempt, M3Learning.LearningState> stage) {
        return new M3Codec(stage);
    }

    /** The codec of M4 rewards (schemas/current/m4). */
    public static StageAvroCodec<M4Rewards.Season, M4Rewards.RewardsState> m4(
            Stage<M4Rewards.Season, M4Rewards.RewardsState> stage) {
        return new M4Codec(stage);
    }

    static final class M0Codec extends StageAvroCodec<M0Ingest.Post, M0Ingest.IngestState> {
        M0Codec(Stage<M0Ingest.Post, M0Ingest.IngestState> stage) {
            super(stage, M0Signal::new, M0Emission::new);
        }

        @Override
        public Schema stateSchema() {
            return M0State.getClassSchema();
        }

        @Override
        protected M0Ingest.Post payloadFrom(GenericRecord record) {
            M0Post p = (M0Post) record;
            return new M0Ingest.Post(p.getPlatform(), p.getExternalId(), p.getActorRef(), p.getContentHash());
        }

        @Override
        protected GenericRecord payloadTo(M0Ingest.Post p) {
            return new M0Post(p.platform(), p.externalId(), p.actorRef(), p.contentHash());
        }

        @Override
        protected GenericRecord emissionPayloadTo(Object payload) {
            if (payload instanceof M0Ingest.IngestAccepted p) {
                return new M0IngestAccepted(p.platform(), p.externalId(), p.contentHash());
            } else if (payload instanceof M0Ingest.ResolveCompleted p) {
                return new M0ResolveCompleted(p.entityRef(), p.externalId());
            } else if (payload instanceof M0Ingest.EventReady p) {
                return new M0EventReady(p.entityRef(), p.ordinal());
            }
            throw notOfThisStage(payload);
        }

        @Override
        protected Object emissionPayloadFrom(GenericRecord record) {
            if (record instanceof M0IngestAccepted p) {
                return new M0Ingest.IngestAccepted(p.getPlatform(), p.getExternalId(), p.getContentHash());
            } else if (record instanceof M0ResolveCompleted p) {
                return new M0Ingest.ResolveCompleted(p.getEntityRef(), p.getExternalId());
            } else if (record instanceof M0EventReady p) {
                return new M0Ingest.EventReady(p.getEntityRef(), p.getOrdinal());
            }
            throw notOfThisStage(record);
        }

        @Override
        public GenericRecord fromState(M0Ingest.IngestState s) {
            return new M0State(s.ingestedCount(), s.resolvedCount(), s.lastEntityRef(), 0L, null, null);
        }

        @Override
        public M0Ingest.IngestState toState(GenericRecord record) {
            M0State s = (M0State) record;
            return new M0Ingest.IngestState(s.getIngestedCount(), s.getResolvedCount(), s.getLastEntityRef());
        }
    }

    static final class M1Codec extends StageAvroCodec<M1Route.Profile, M1Route.RouteState> {
        M1Codec(Stage<M1Route.Profile, M1Route.RouteState> stage) {
            super(stage, M1Signal::new, M1Emission::new);
        }

        @Override
        public Schema stateSchema() {
            return M1State.getClassSchema();
        }

        @Override
        protected M1Route.Profile payloadFrom(GenericRecord record) {
            M1Profile p = (M1Profile) record;
            return new M1Route.Profile(p.getProfileId(), p.getProfileTier(), p.getChannel(), p.getQualityScore(),
                    p.getIntentScore());
        }

        @Override
        protected GenericRecord payloadTo(M1Route.Profile p) {
            return new M1Profile(p.profileId(), p.profileTier(), p.channel(), p.qualityScore(), p.intentScore());
        }

        @Override
        protected GenericRecord emissionPayloadTo(Object payload) {
            if (payload instanceof M1Route.ProfileEnriched p) {
                return new M1ProfileEnriched(p.profileId(), p.profileTier(), p.channel());
            } else if (payload instanceof M1Route.ScoresComputed p) {
                return new M1ScoresComputed(p.profileId(), p.score(), p.routeHint());
            } else if (payload instanceof M1Route.RouteSelected p) {
                return new M1RouteSelected(p.profileId(), p.route());
            }
            throw notOfThisStage(payload);
        }

        @Override
        protected Object emissionPayloadFrom(GenericRecord record) {
            if (record instanceof M1ProfileEnriched p) {
                return new M1Route.ProfileEnriched(p.getProfileId(), p.getProfileTier(), p.getChannel());
            } else if (record instanceof M1ScoresComputed p) {
                return new M1Route.ScoresComputed(p.getProfileId(), p.getScore(), p.getRouteHint());
            } else if (record instanceof M1RouteSelected p) {
                return new M1Route.RouteSelected(p.getProfileId(), p.getRoute());
            }
            throw notOfThisStage(record);
        }

        @Override
        public GenericRecord fromState(M1Route.RouteState s) {
            return new M1State(s.profiledCount(), s.scoredCount(), s.routedCount(), s.lastRoute(), 0L, null,
                    null);
        }

        @Override
        public M1Route.RouteState toState(GenericRecord record) {
            M1State s = (M1State) record;
            return new M1Route.RouteState(s.getProfiledCount(), s.getScoredCount(), s.getRoutedCount(),
                    s.getLastRoute());
        }
    }

    static final class M2Codec extends StageAvroCodec<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> {
        M2Codec(Stage<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> stage) {
            super(stage, M2Signal::new, M2Emission::new);
        }

        @Override
        public Schema stateSchema() {
            return M2State.getClassSchema();
        }

        @Override
        protected M2Shortlist.Shortlist payloadFrom(GenericRecord record) {
            io.metaspn.streams.avro.m2.M2Shortlist p = (io.metaspn.streams.avro.m2.M2Shortlist) record;
            List<M2Shortlist.Candidate> candidates = elements(p.getCandidates(), "candidates",
                    c -> new M2Shortlist.Candidate(c.getCandidateId(), c.getTitle(), c.getScore(), c.getContextBoost()));
            return new M2Shortlist.Shortlist(p.getAudienceId(), p.getPrompt(), candidates);
        }

        @Override
        protected GenericRecord payloadTo(M2Shortlist.Shortlist p) {
            List<M2Candidate> candidates = new ArrayList<>(p.candidates().size());
            for (M2Shortlist.Candidate c : p.candidates()) {
                candidates.add(new M2Candidate(c.candidateId(), c.title(), c.score(), c.contextBoost()));
            }
            return new io.metaspn.streams.avro.m2.M2Shortlist(p.audienceId(), p.prompt(), candidates);
        }

        @Override
        protected GenericRecord emissionPayloadTo(Object payload) {
            if (payload instanceof M2Shortlist.RecommendationRanked p) {
                return new M2RecommendationRanked(p.audienceId(), p.rankedIds(), p.topCandidateId());
            } else if (payload instanceof M2Shortlist.DraftGenerated p) {
                return new M2DraftGenerated(p.audienceId(), p.recommendedCandidateId(), p.draftText());
            }
            throw notOfThisStage(payload);
        }

        @Override
        protected Object emissionPayloadFrom(GenericRecord record) {
            if (record instanceof M2RecommendationRanked p) {
                return new M2Shortlist.RecommendationRanked(p.getAudienceId(), List.copyOf(p.getRankedIds()),
                        p.getTopCandidateId());
            } else if (record instanceof M2DraftGenerated p) {
                return new M2Shortlist.DraftGenerated(p.getAudienceId(), p.getRecommendedCandidateId(),
                        p.getDraftText());
            }
            throw notOfThisStage(record);
        }

        @Override
        public GenericRecord fromState(M2Shortlist.ShortlistState s) {
            return new M2State(s.rankedCount(), s.draftedCount(), s.latestTopCandidateId(), s.latestRankedIds(), 0L,
                    null, null);
        }

        @Override
        public M2Shortlist.ShortlistState toState(GenericRecord record) {
            M2State s = (M2State) record;
            return new M2Shortlist.ShortlistState(s.getRankedCount(), s.getDraftedCount(),
                    s.getLatestTopCandidateId(), s.getLatestRankedIds());
        }
    }

    static final class M3Codec extends StageAvroCodec<M3Learning.Attempt, M3Learning.LearningState> {
        M3Codec(Stage<M3Learning.Attempt, M3Learning.LearningState> stage) {
            super(stage, M3Signal::new, M3Emission::new);
        }

        @Override
        public Schema stateSchema() {
            return M3State.getClassSchema();
        }

        @Override
        protected M3Learning.Attempt payloadFrom(GenericRecord record) {
            io.metaspn.streams.avro.m3.M3Attempt p = (io.metaspn.streams.avro.m3.M3Attempt) record;
            return new M3Learning.Attempt(p.getLearnerId(), p.getSkillId(), p.getAttemptId(), p.getExpectedScore(),
                    p.getObservedScore());
        }

        @Override
        protected GenericRecord payloadTo(M3Learning.Attempt p) {
            return new io.metaspn.streams.avro.m3.M3Attempt(p.learnerId(), p.skillId(), p.attemptId(),
                    p.expectedScore(), p.observedScore());
        }

        @Override
        protected GenericRecord emissionPayloadTo(Object payload) {
            if (payload instanceof M3Learning.Attempt p) {
                return new M3AttemptSnapshot(p.learnerId(), p.skillId(), p.attemptId(), p.expectedScore(),
                        p.observedScore());
            } else if (payload instanceof M3Learning.OutcomeEvaluated p) {
                return new M3OutcomeEvaluated(p.attemptId(), p.passed(), p.gap());
            } else if (payload instanceof M3Learning.FailureClassified p) {
                return new M3FailureClassified(p.attemptId(), p.failureClass(), p.gap());
            } else if (payload instanceof M3Learning.CalibrationProposed p) {
                return new M3CalibrationProposed(p.attemptId(), p.proposal(), p.failureClass());
            }
            throw notOfThisStage(payload);
        }

        @Override
        protected Object emissionPayloadFrom(GenericRecord record) {
            if (record instanceof M3AttemptSnapshot p) {
                return new M3Learning.Attempt(p.getLearnerId(), p.getSkillId(), p.getAttemptId(),
                        p.getExpectedScore(), p.getObservedScore());
            } else if (record instanceof M3OutcomeEvaluated p) {
                return new M3Learning.OutcomeEvaluated(p.getAttemptId(), p.getPassed(), p.getGap());
            } else if (record instanceof M3FailureClassified p) {
                return new M3Learning.FailureClassified(p.getAttemptId(), p.getFailureClass(), p.getGap());
            } else if (record instanceof M3CalibrationProposed p) {
                return new M3Learning.CalibrationProposed(p.getAttemptId(), p.getProposal(), p.getFailureClass());
            }
            throw notOfThisStage(record);
        }

        @Override
        public GenericRecord fromState(M3Learning.LearningState s) {
            return new M3State(s.attemptsSeen(), s.outcomesEmitted(), s.failuresEmitted(), s.calibrationsEmitted(),
                    s.latestGap(), s.latestFailureClass(), 0L, null, null);
        }

        @Override
        public M3Learning.LearningState toState(GenericRecord record) {
            M3State s = (M3State) record;
            return new M3Learning.LearningState(s.getAttemptsSeen(), s.getOutcomesEmitted(), s.getFailuresEmitted(),
                    s.getCalibrationsEmitted(), s.getLatestGap(), s.getLatestFailureClass());
        }
    }

    static final class M4Codec extends StageAvroCodec<M4Rewards.Season, M4Rewards.RewardsState> {
        M4Codec(Stage<M4Rewards.Season, M4Rewards.RewardsState> stage) {
            super(stage, M4Signal::new, M4Emission::new);
        }

        @Override
        public Schema stateSchema() {
            return M4State.getClassSchema();
        }

        @Override
        protected M4Rewards.Season payloadFrom(GenericRecord record) {
            M4Season p = (M4Season) record;
            List<M4Rewards.Game> games = elements(p.getGames(), "games", g -> new M4Rewards.Game(g.getGameId(),
                    g.getAttentionWeight(), elements(g.getStakers(), "stakers",
                            s -> new M4Rewards.Staker(s.getStakerId(), s.getStakeWeight(), s.getConvictionDays()))));
            return new M4Rewards.Season(p.getSeasonId(), p.getTotalRewardPool(), games);
        }

        @Override
        protected GenericRecord payloadTo(M4Rewards.Season p) {
            List<M4Game> games = new ArrayList<>(p.games().size());
            for (M4Rewards.Game g : p.games()) {
                List<io.metaspn.streams.avro.m4.M4Staker> stakers = new ArrayList<>(g.stakers().size());
                for (M4Rewards.Staker s : g.stakers()) {
                    stakers.add(new io.metaspn.streams.avro.m4.M4Staker(s.stakerId(), s.stakeWeight(),
                            s.convictionDays()));
                }
                games.add(new M4Game(g.gameId(), g.attentionWeight(), stakers));
            }
            return new M4Season(p.seasonId(), p.totalRewardPool(), games);
        }

        @Override
        protected GenericRecord emissionPayloadTo(Object payload) {
            if (payload instanceof M4Rewards.AttentionComputed p) {
                return new M4AttentionComputed(p.seasonId(), p.attentionShareByGame(), p.totalAttention());
            } else if (payload instanceof M4Rewards.PoolAllocated p) {
                return new M4PoolAllocated(p.seasonId(), p.totalRewardPool(), p.rewardPoolByGame());
            } else if (payload instanceof M4Rewards.StakerAllocated p) {
                M4Rewards.Config c = p.config();
                return new M4StakerAllocated(p.seasonId(), p.stakerRewardByGame(), p.totalDistributed(),
                        new M4Config(c.enableEarlyConvictionMultiplier(), c.earlyConvictionMultiplier(),
                                c.earlyConvictionDaysThreshold()));
            }
            throw notOfThisStage(payload);
        }

        @Override
        protected Object emissionPayloadFrom(GenericRecord record) {
            if (record instanceof M4AttentionComputed p) {
                return new M4Rewards.AttentionComputed(p.getSeasonId(), sorted(p.getAttentionShareByGame()),
                        p.getTotalAttention());
            } else if (record instanceof M4PoolAllocated p) {
                return new M4Rewards.PoolAllocated(p.getSeasonId(), p.getTotalRewardPool(),
                        sorted(p.getRewardPoolByGame()));
            } else if (record instanceof M4StakerAllocated p) {
                M4Config c = p.getConfig();
                return new M4Rewards.StakerAllocated(p.getSeasonId(), sortedNested(p.getStakerRewardByGame()),
                        p.getTotalDistributed(), new M4Rewards.Config(c.getEnableEarlyConvictionMultiplier(),
                        c.getEarlyConvictionMultiplier(), c.getEarlyConvictionDaysThreshold()));
            }
            throw notOfThisStage(record);
        }

        @Override
        public GenericRecord fromState(M4Rewards.RewardsState s) {
            return new M4State(s.seasonsProcessed(), s.latestSeasonId(), s.latestAttentionShareByGame(),
                    s.latestGamePoolByGame(), s.latestStakerRewardsByGame(), s.totalDistributed(),
                    0L, null, null);
        }

        @Override
        public M4Rewards.RewardsState toState(GenericRecord record) {
            M4State s = (M4State) record;
            return new M4Rewards.RewardsState(s.getSeasonsProcessed(), s.getLatestSeasonId(),
                    sorted(s.getLatestAttentionShareByGame()), sorted(s.getLatestGamePoolByGame()),
                    sortedNested(s.getLatestStakerRewardsByGame()), s.getTotalDistributed());
        }
    }

    /** Avro maps come back unordered; the stages keep their maps in code point order of the keys. */
    static <V> Map<String, V> sorted(Map<String, V> map) {
        Map<String, V> ordered = new TreeMap<>(PythonCompat.CODE_POINT_ORDER);
        ordered.putAll(map);
        return Collections.unmodifiableMap(new LinkedHashMap<>(ordered));
    }

    static Map<String, Map<String, Double>> sortedNested(Map<String, Map<String, Double>> map) {
        Map<String, Map<String, Double>> ordered = new TreeMap<>(PythonCompat.CODE_POINT_ORDER);
        map.forEach((key, inner) -> ordered.put(key, sorted(inner)));
        return Collections.unmodifiableMap(new LinkedHashMap<>(ordered));
    }

    /** Maps each element; errors of element {@code i} are reported under {@code name[i]}. */
    static <A, E> List<E> elements(List<A> records, String name, Function<A, E> element) {
        if (records == null) {
            throw new ValidationException(name, "is missing");
        }
        List<E> result = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                result.add(element.apply(records.get(i)));
            } catch (ValidationException e) {
                throw e.under(name + "[" + i + "]");
            }
        }
        return result;
    }
}
