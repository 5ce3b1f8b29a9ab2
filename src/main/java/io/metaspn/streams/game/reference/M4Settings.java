package io.metaspn.streams.game.reference;

import io.metaspn.streams.stages.M4Rewards;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of the reference stage M4 (its early-conviction rule), parsed from M4's namespace: the
 * {@code metaspn.m4.*} keys without the prefix ({@link io.metaspn.streams.game.GameSettings#of}). {@link M4Rewards}
 * itself stays free of configuration; this is its binding's parser, with Kafka's {@link ConfigDef} like the
 * application's generic settings.
 */
public final class M4Settings extends AbstractConfig {
    /** The game whose namespace these settings are: {@code metaspn.m4.*}. */
    public static final String GAME = "m4";
    /** The prefix of M4's namespace. */
    public static final String PREFIX = "metaspn." + GAME + ".";
    /** Key (in the namespace): whether the early-conviction multiplier applies. */
    public static final String ENABLE_EARLY_CONVICTION_MULTIPLIER = "enable.early.conviction.multiplier";
    /** Key (in the namespace): the stake multiplier of early-conviction stakers. */
    public static final String EARLY_CONVICTION_MULTIPLIER = "early.conviction.multiplier";
    /** Key (in the namespace): the conviction days from which a staker counts as early-conviction. */
    public static final String EARLY_CONVICTION_DAYS_THRESHOLD = "early.conviction.days.threshold";

    /** The definition of M4's settings, keys without the namespace prefix. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(ENABLE_EARLY_CONVICTION_MULTIPLIER, Type.BOOLEAN,
                    M4Rewards.Config.DEFAULT.enableEarlyConvictionMultiplier(), Importance.LOW,
                    "Whether stakers with at least the threshold's conviction days weigh the multiplier times their"
                            + " stake (the early-conviction rule).")
            .define(EARLY_CONVICTION_MULTIPLIER, Type.DOUBLE, M4Rewards.Config.DEFAULT.earlyConvictionMultiplier(),
                    new Finite(), Importance.LOW, "The stake multiplier of early-conviction stakers.")
            .define(EARLY_CONVICTION_DAYS_THRESHOLD, Type.LONG,
                    M4Rewards.Config.DEFAULT.earlyConvictionDaysThreshold(), Importance.LOW,
                    "The conviction days from which a staker is early-conviction.");

    /**
     * Parses M4's namespace ({@code metaspn.m4.*} without the prefix); absent keys keep their defaults.
     *
     * @throws ConfigException naming the key (without the prefix) and the value of a bad setting
     */
    public M4Settings(Map<String, ?> namespace) {
        super(CONFIG_DEF, namespace, false);
    }

    /** The early-conviction rule. */
    public M4Rewards.Config config() {
        return new M4Rewards.Config(getBoolean(ENABLE_EARLY_CONVICTION_MULTIPLIER),
                getDouble(EARLY_CONVICTION_MULTIPLIER), getLong(EARLY_CONVICTION_DAYS_THRESHOLD));
    }

    /**
     * Parses M4's namespace; a bad value is a {@link ConfigException} naming the full key
     * ({@code metaspn.m4.<key>}) and the value.
     */
    public static M4Rewards.Config parse(Map<String, ?> namespace) {
        try {
            return new M4Settings(namespace).config();
        } catch (ConfigException e) {
            String message = e.getMessage() == null ? "invalid setting" : e.getMessage();
            throw new ConfigException(message.replace("for configuration ", "for configuration " + PREFIX)
                    .replace("configuration \"", "configuration \"" + PREFIX));
        }
    }

    /** {@code config} as the settings of M4's namespace (keys without the prefix), for a configuration map. */
    public static Map<String, String> namespace(M4Rewards.Config config) {
        Map<String, String> namespace = new LinkedHashMap<>();
        namespace.put(ENABLE_EARLY_CONVICTION_MULTIPLIER, Boolean.toString(config.enableEarlyConvictionMultiplier()));
        namespace.put(EARLY_CONVICTION_MULTIPLIER, Double.toString(config.earlyConvictionMultiplier()));
        namespace.put(EARLY_CONVICTION_DAYS_THRESHOLD, Long.toString(config.earlyConvictionDaysThreshold()));
        return namespace;
    }

    /** A finite number (not NaN, not infinite). */
    static final class Finite implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof Double number) || !Double.isFinite(number)) {
                throw new ConfigException(name, value, "must be a finite number");
            }
        }

        @Override
        public String toString() {
            return "a finite number";
        }
    }
}
