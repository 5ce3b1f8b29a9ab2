package io.metaspn.streams.game;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The games' own settings: each game's live under its namespace, {@code metaspn.<game>.*}, and are parsed by its
 * binding, not by the generic application configuration.
 */
public final class GameSettings {
    /** The prefix of every game's namespace. */
    public static final String PREFIX = "metaspn.";
    /** No settings: every game with its defaults. */
    public static final GameSettings NONE = new GameSettings(Map.of());

    private final Map<String, String> config;

    private GameSettings(Map<String, String> config) {
        this.config = config;
    }

    /** The game settings in an application configuration ({@code metaspn.<game>.*} keys; others are ignored). */
    public static GameSettings from(Map<String, ?> config) {
        Map<String, String> copy = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && value != null) {
                copy.put(key, value.toString().trim());
            }
        });
        return new GameSettings(Collections.unmodifiableMap(copy));
    }

    /**
     * The settings of the game {@code name}: the keys under {@code metaspn.<name>.}, without that prefix (for
     * {@code m4}: {@code metaspn.m4.early.conviction.multiplier} → {@code early.conviction.multiplier}).
     */
    public Map<String, String> of(String name) {
        String prefix = PREFIX + Objects.requireNonNull(name, "name") + ".";
        Map<String, String> own = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                own.put(key.substring(prefix.length()), value);
            }
        });
        return Collections.unmodifiableMap(own);
    }
}
