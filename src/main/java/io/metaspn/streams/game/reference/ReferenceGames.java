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
    /** The namespace of M4's settings. */
    public static final String M4_PREFIX = "metaspn.m4.";
    /** M4 setting (under {@code metaspn.m4.}): whether the early-conviction multiplier applies. */
    public static final String M4_ENABLE = "enable.early.conviction.multiplier";
    /** M4 setting (under {@code metaspn.m4.}): the early-conviction multiplier. */
    public static final String M4_MULTIPLIER = "early.conviction.multiplier";
    /** M4 setting (under {@code metaspn.m4.}): the conviction days under which a stake counts as early. */
    public static final String M4_THRESHOLD = "early.conviction.days.threshold";

    /** For {@link java.util.ServiceLoader}. */
    public ReferenceGames() {
    }

    @Override
    public List<GameBinding<?, ?>> games(GameSettings settings) {
        return all(m4Config(settings.of("m4")));
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
        settings.put(M4_PREFIX + M4_ENABLE, Boolean.toString(config.enableEarlyConvictionMultiplier()));
        settings.put(M4_PREFIX + M4_MULTIPLIER, Double.toString(config.earlyConvictionMultiplier()));
        settings.put(M4_PREFIX + M4_THRESHOLD, Long.toString(config.earlyConvictionDaysThreshold()));
        return settings;
    }

    /** The config of M4 in its own settings (keys without {@code metaspn.m4.}); absent keys keep their defaults. */
    public static M4Rewards.Config m4Config(Map<String, String> settings) {
        M4Rewards.Config defaults = M4Rewards.Config.DEFAULT;
        return new M4Rewards.Config(
                bool(settings, M4_ENABLE, defaults.enableEarlyConvictionMultiplier()),
                number(settings, M4_MULTIPLIER, defaults.earlyConvictionMultiplier()),
                whole(settings, M4_THRESHOLD, defaults.earlyConvictionDaysThreshold()));
    }

    private static boolean bool(Map<String, String> settings, String key, boolean defaultValue) {
        String value = settings.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(M4_PREFIX + key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static double number(Map<String, String> settings, String key, double defaultValue) {
        String value = settings.get(key);
        try {
            return value == null ? defaultValue : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(M4_PREFIX + key + " must be a number, got '" + value + "'", e);
        }
    }

    private static long whole(Map<String, String> settings, String key, long defaultValue) {
        String value = settings.get(key);
        try {
            return value == null ? defaultValue : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(M4_PREFIX + key + " must be a whole number, got '" + value + "'",
                    e);
        }
    }
}
