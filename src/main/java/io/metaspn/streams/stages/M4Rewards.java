package io.metaspn.streams.stages;

import io.metaspn.streams.engine.Checks;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Metadata;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.Step;
import io.metaspn.streams.engine.StepResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * M4: attention → pool → staker rewards. Splits a season's reward pool across games by attention,
 * then across each game's stakers by (optionally conviction-boosted) stake.
 */
public final class M4Rewards extends ReferenceStage<M4Rewards.Season, M4Rewards.RewardsState> {
    public static final String KEY = "m4_rewards";
    public static final String PIPELINE = "m4_attention_pool_staker";

    /**
     * The early-conviction rule: when enabled, stakers with at least {@code earlyConvictionDaysThreshold}
     * conviction days weigh {@code earlyConvictionMultiplier} times their stake.
     */
    public record Config(boolean enableEarlyConvictionMultiplier, double earlyConvictionMultiplier,
                         long earlyConvictionDaysThreshold) {
        public static final Config DEFAULT = new Config(false, 1.25, 30);

        public Config {
            Checks.finite(earlyConvictionMultiplier, "early_conviction_multiplier");
        }

        /** The stake multiplier for a staker with {@code convictionDays}. */
        public double multiplier(long convictionDays) {
            return enableEarlyConvictionMultiplier && convictionDays >= earlyConvictionDaysThreshold
                    ? earlyConvictionMultiplier : 1.0;
        }
    }

    /** A stake in a game; {@code convictionDays} defaults to 0 and is never negative. */
    public record Staker(String stakerId, double stakeWeight, long convictionDays) {
        public Staker {
            Checks.present(stakerId, "staker_id");
            Checks.finite(stakeWeight, "stake_weight");
            Checks.nonNegative(convictionDays, "conviction_days");
        }
    }

    /** A game with its attention weight and stakers (staker ids unique). */
    public record Game(String gameId, double attentionWeight, List<Staker> stakers) {
        public Game {
            Checks.present(gameId, "game_id");
            Checks.finite(attentionWeight, "attention_weight");
            stakers = Checks.eachOf(stakers, "stakers");
            Checks.uniqueIds(stakers, Staker::stakerId, "stakers", "staker_id");
        }
    }

    /** A season's reward pool and games (game ids unique). Entity key: {@code season_id}. */
    public record Season(String seasonId, double totalRewardPool, List<Game> games) {
        public Season {
            Checks.nonEmpty(seasonId, "season_id");
            Checks.nonNegative(totalRewardPool, "total_reward_pool");
            games = Checks.eachOf(games, "games");
            Checks.uniqueIds(games, Game::gameId, "games", "game_id");
        }

        /** The games by id, in code point order. */
        public List<Game> sortedGames() {
            List<Game> sorted = new ArrayList<>(games);
            sorted.sort(Comparator.comparing(Game::gameId, PythonCompat.CODE_POINT_ORDER));
            return sorted;
        }
    }

    /** Per-season results of the latest signal and the running total distributed. */
    public record RewardsState(long seasonsProcessed, String latestSeasonId,
                               Map<String, Double> latestAttentionShareByGame,
                               Map<String, Double> latestGamePoolByGame,
                               Map<String, Map<String, Double>> latestStakerRewardsByGame,
                               double totalDistributed) {
        public static final RewardsState INITIAL = new RewardsState(0, "", Map.of(), Map.of(), Map.of(), 0.0);

        public RewardsState {
            Objects.requireNonNull(latestSeasonId, "latestSeasonId");
            latestAttentionShareByGame = Collections.unmodifiableMap(new LinkedHashMap<>(latestAttentionShareByGame));
            latestGamePoolByGame = Collections.unmodifiableMap(new LinkedHashMap<>(latestGamePoolByGame));
            latestStakerRewardsByGame = Collections.unmodifiableMap(new LinkedHashMap<>(latestStakerRewardsByGame));
        }

        public RewardsState withAttention(String seasonId, Map<String, Double> shares) {
            return new RewardsState(seasonsProcessed, seasonId, shares, latestGamePoolByGame,
                    latestStakerRewardsByGame, totalDistributed);
        }

        public RewardsState withPools(Map<String, Double> pools) {
            return new RewardsState(seasonsProcessed, latestSeasonId, latestAttentionShareByGame, pools,
                    latestStakerRewardsByGame, totalDistributed);
        }

        public RewardsState withStakerRewards(Map<String, Map<String, Double>> rewards, double distributed) {
            return new RewardsState(seasonsProcessed + 1, latestSeasonId, latestAttentionShareByGame,
                    latestGamePoolByGame, rewards, totalDistributed + distributed);
        }
    }

    /** {@code m4.rewards.attention.computed}. */
    public record AttentionComputed(String seasonId, Map<String, Double> attentionShareByGame,
                                    double totalAttention) {
    }

    /** {@code m4.rewards.pool.allocated}. */
    public record PoolAllocated(String seasonId, double totalRewardPool, Map<String, Double> rewardPoolByGame) {
    }

    /** {@code m4.rewards.staker.allocated}. */
    public record StakerAllocated(String seasonId, Map<String, Map<String, Double>> stakerRewardByGame,
                                  double totalDistributed, Config config) {
    }

    private final Config config;

    /** The stage with the default config (early-conviction multiplier off). */
    public M4Rewards() {
        this(Config.DEFAULT);
    }

    /** The stage with {@code config}. */
    public M4Rewards(Config config) {
        super(KEY, "m4", List.of("attention", "pool", "staker"), Season.class, RewardsState.INITIAL,
                pipeline(Objects.requireNonNull(config, "config")));
        this.config = config;
    }

    private static Pipeline<Season, RewardsState> pipeline(Config config) {
        return Pipeline.of(PIPELINE,
                Step.of("attention", M4Rewards::attention),
                Step.of("pool", M4Rewards::pool),
                Step.of("staker", (signal, state) -> staker(config, signal, state)));
    }

    /** The config this stage runs with. */
    public Config config() {
        return config;
    }

    private static StepResult<RewardsState> attention(Signal<Season> signal, RewardsState state) {
        Season season = signal.payload();
        List<Game> games = season.sortedGames();
        double total = 0.0;
        for (Game game : games) {
            total += Math.max(game.attentionWeight(), 0.0);
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Game game : games) {
            double share = total > 0 ? Math.max(game.attentionWeight(), 0.0) / total : 1.0 / games.size();
            shares.put(game.gameId(), PythonCompat.round(share, 6));
        }
        Map<String, Double> frozen = Collections.unmodifiableMap(shares);
        Emission<AttentionComputed> emission = traced(signal, "attention", "m4.rewards.attention.computed",
                new AttentionComputed(season.seasonId(), frozen, PythonCompat.round(total, 6)),
                "attention_share", "game_attention / sum(game_attention)");
        return StepResult.of(emission, s -> s.withAttention(season.seasonId(), frozen));
    }

    private static StepResult<RewardsState> pool(Signal<Season> signal, RewardsState state) {
        Season season = signal.payload();
        Map<String, Double> pools = new LinkedHashMap<>();
        for (Game game : season.sortedGames()) {
            double share = state.latestAttentionShareByGame().getOrDefault(game.gameId(), 0.0);
            pools.put(game.gameId(), PythonCompat.round(season.totalRewardPool() * share, 6));
        }
        Map<String, Double> frozen = Collections.unmodifiableMap(pools);
        Emission<PoolAllocated> emission = traced(signal, "pool", "m4.rewards.pool.allocated",
                new PoolAllocated(season.seasonId(), PythonCompat.round(season.totalRewardPool(), 6), frozen),
                "game_reward_pool_allocation", "total_reward_pool * attention_share");
        return StepResult.of(emission, s -> s.withPools(frozen));
    }

    private static StepResult<RewardsState> staker(Config config, Signal<Season> signal, RewardsState state) {
        Season season = signal.payload();
        Map<String, Map<String, Double>> rewards = new LinkedHashMap<>();
        double distributed = 0.0;
        for (Game game : season.sortedGames()) {
            double gamePool = state.latestGamePoolByGame().getOrDefault(game.gameId(), 0.0);
            List<Staker> stakers = new ArrayList<>(game.stakers());
            stakers.sort(Comparator.comparing(Staker::stakerId, PythonCompat.CODE_POINT_ORDER));
            double[] weights = new double[stakers.size()];
            double weightSum = 0.0;
            for (int i = 0; i < weights.length; i++) {
                Staker staker = stakers.get(i);
                weights[i] = Math.max(staker.stakeWeight(), 0.0) * config.multiplier(staker.convictionDays());
                weightSum += weights[i];
            }
            Map<String, Double> byStaker = new LinkedHashMap<>();
            for (int i = 0; i < weights.length; i++) {
                double reward = weightSum <= 0 ? 0.0 : PythonCompat.round(gamePool * (weights[i] / weightSum), 6);
                byStaker.put(stakers.get(i).stakerId(), reward);
                distributed += reward;
            }
            rewards.put(game.gameId(), Collections.unmodifiableMap(byStaker));
        }
        Map<String, Map<String, Double>> frozen = Collections.unmodifiableMap(rewards);
        double total = PythonCompat.round(distributed, 6);
        Emission<StakerAllocated> emission = traced(signal, "staker", "m4.rewards.staker.allocated",
                new StakerAllocated(season.seasonId(), frozen, total, config),
                "staker_share_allocation", "game_pool * (effective_stake / sum(effective_stake))");
        return StepResult.of(emission, s -> s.withStakerRewards(frozen, total));
    }

    private static <U> Emission<U> traced(Signal<Season> signal, String suffix, String type, U payload,
                                          String traceStage, String formula) {
        return Emission.of(signal, suffix, type, payload).withMetadata(Metadata.of("trace",
                Metadata.of("stage", traceStage, "caused_by", signal.signalId(), "formula", formula)));
    }

    @Override
    public String entityKey(Season payload) {
        return payload.seasonId();
    }
}
