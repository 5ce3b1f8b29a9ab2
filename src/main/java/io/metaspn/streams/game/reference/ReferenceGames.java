package io.metaspn.streams.game.reference;

import io.metaspn.streams.avro.StageCodecs;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.GameProvider;
import io.metaspn.streams.game.GameSettings;
import io.metaspn.streams.json.StagePayloads;
import io.metaspn.streams.stages.M0Ingest;
import io.metaspn.streams.stages.M1Route;
import io.metaspn.streams.stages.M2Shortlist;
import io.metaspn.streams.stages.M3Learning;
import io.metaspn.streams.stages.M4Rewards;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five reference stages as games, provided like any other game ({@code META-INF/services}), with their
 * hand-made schemas and wire bytes. M4 reads its early-conviction rule from its own settings,
 * {@code metaspn.m4.enable.early.conviction.multiplier}, {@code metaspn.m4.early.conviction.multiplier} and
 * {@code metaspn.m4.early.conviction.days.threshold}.
 */
public final class ReferenceGames implements GameProvider {
    /** For {@link java.util.ServiceLoader}. */
    public ReferenceGames() {
    }

    @Override
    public List<GameBinding<?, ?>> games(GameSettings settings) {
        return all(m4Config(settings.of(M4Settings.GAME)));
    }

    /** The five reference stages, M4 with {@code m4Config}. */
    public static List<GameBinding<?, ?>> all(M4Rewards.Config m4Config) {
        return List.of(m0(), m1(), m2(), m3(), m4(m4Config));
    }

    /** M0 ingest. */
    public static GameBinding<M0Ingest.Post, M0Ingest.IngestState> m0() {
        return new ReferenceBinding<>(new M0Ingest(), StageCodecs::m0, StagePayloads::post);
    }

    /** M1 route. */
    public static GameBinding<M1Route.Profile, M1Route.RouteState> m1() {
        return new ReferenceBinding<>(new M1Route(), StageCodecs::m1, StagePayloads::profile);
    }

    /** M2 shortlist. */
    public static GameBinding<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> m2() {
        return new ReferenceBinding<>(new M2Shortlist(), StageCodecs::m2, StagePayloads::shortlist);
    }

    /** M3 learning. */
    public static GameBinding<M3Learning.Attempt, M3Learning.LearningState> m3() {
        return new ReferenceBinding<>(new M3Learning(), StageCodecs::m3, StagePayloads::attempt);
    }

    /** M4 rewards with the default config. */
    public static GameBinding<M4Rewards.Season, M4Rewards.RewardsState> m4() {
        return m4(M4Rewards.Config.DEFAULT);
    }

    /** M4 rewards with {@code config}. */
    public static GameBinding<M4Rewards.Season, M4Rewards.RewardsState> m4(M4Rewards.Config config) {
        return new ReferenceBinding<>(new M4Rewards(config), StageCodecs::m4, StagePayloads::season);
    }

    /** The application settings ({@code metaspn.m4.*} keys) that configure M4 with {@code config}. */
    public static Map<String, String> m4Settings(M4Rewards.Config config) {
        Map<String, String> settings = new LinkedHashMap<>();
        M4Settings.namespace(config).forEach((key, value) -> settings.put(M4Settings.PREFIX + key, value));
        return settings;
    }

    /**
     * The config of M4 in its own settings (keys without {@code metaspn.m4.}, parsed by {@link M4Settings}); absent
     * keys keep their defaults.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming the full key and the value of a bad setting
     */
    public static M4Rewards.Config m4Config(Map<String, String> settings) {
        return M4Settings.parse(settings);
    }
}
