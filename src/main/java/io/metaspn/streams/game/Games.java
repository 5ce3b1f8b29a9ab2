package io.metaspn.streams.game;

import io.metaspn.streams.stages.StageCatalogue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The games on the class path, found through {@link GameProvider} ({@link ServiceLoader}, context class loader):
 * the reference stages first, in {@code m0 … m4} order, then the others by name. Each game is looked up by its
 * name ({@code m1}, {@code podcast}) or its stage key ({@code m1_route}), case-insensitively. Two games of the same
 * name or key are refused.
 */
public final class Games {
    private final List<GameBinding<?, ?>> all;
    private final Map<String, GameBinding<?, ?>> byName;

    private Games(List<GameBinding<?, ?>> games) {
        List<GameBinding<?, ?>> ordered = new ArrayList<>(games);
        ordered.sort(Comparator.comparingInt((GameBinding<?, ?> game) -> referenceRank(game.shortName()))
                .thenComparing(GameBinding::shortName));
        Map<String, GameBinding<?, ?>> names = new LinkedHashMap<>();
        for (GameBinding<?, ?> game : ordered) {
            try {
                requireValidName(game.shortName());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(game.getClass().getName() + ": " + e.getMessage(), e);
            }
            register(names, game.shortName(), game);
            if (!game.key().equalsIgnoreCase(game.shortName())) {
                register(names, game.key(), game);
            }
        }
        this.all = List.copyOf(ordered);
        this.byName = names;
    }

    /**
     * Refuses a game name that cannot name topics, stores and topology nodes: lower-case letters, digits and
     * {@code _}, starting with a letter ({@code -} separates the game from the role in node names such as
     * {@code podcast-process}, by which dead letters and metrics find their game).
     *
     * @throws IllegalArgumentException naming the game
     */
    public static void requireValidName(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("game name '" + name
                    + "' must be lower-case letters, digits and _, starting with a letter");
        }
    }

    /** The games of every provider on the class path, with their default settings. */
    public static Games discover() {
        return discover(GameSettings.NONE);
    }

    /** The games of every provider on the class path, configured with {@code settings}. */
    public static Games discover(GameSettings settings) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Games.class.getClassLoader();
        }
        List<GameBinding<?, ?>> games = new ArrayList<>();
        try {
            for (GameProvider provider : ServiceLoader.load(GameProvider.class, loader)) {
                for (GameBinding<?, ?> game : provider.games(settings)) {
                    games.add(Objects.requireNonNull(game, () -> provider.getClass().getName() + " gave a null game"));
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a game provider on the class path cannot be loaded: " + e.getMessage(), e);
        }
        return new Games(games);
    }

    /** Exactly {@code games} (no discovery), ordered and checked like discovered ones. */
    public static Games of(List<? extends GameBinding<?, ?>> games) {
        return new Games(List.copyOf(games));
    }

    /** All games, reference stages first. */
    public List<GameBinding<?, ?>> all() {
        return all;
    }

    /** The names of all games, in order. */
    public List<String> names() {
        return all.stream().map(GameBinding::shortName).toList();
    }

    /**
     * The game named {@code name} (its name or stage key, any case).
     *
     * @throws IllegalArgumentException naming the known games when there is none of that name
     */
    public GameBinding<?, ?> byName(String name) {
        GameBinding<?, ?> game = byName.get(normalized(name));
        if (game == null) {
            throw new IllegalArgumentException("unknown stage '" + name + "' (expected one of "
                    + String.join(", ", names()) + " or a stage key)");
        }
        return game;
    }

    /**
     * The games of a comma-separated list of names, in the list's order; blank entries are skipped.
     *
     * @throws IllegalArgumentException for an unknown name, or when the list names no game
     */
    public List<GameBinding<?, ?>> select(String names) {
        List<GameBinding<?, ?>> selected = new ArrayList<>();
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                selected.add(byName(name.trim()));
            }
        }
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("'" + names + "' names no stage");
        }
        return selected;
    }

    /** The reference stages ({@code m0 … m4}), the application's default selection. */
    public List<GameBinding<?, ?>> reference() {
        return all.stream().filter(game -> referenceRank(game.shortName()) < Integer.MAX_VALUE).toList();
    }

    private static void register(Map<String, GameBinding<?, ?>> names, String name, GameBinding<?, ?> game) {
        GameBinding<?, ?> other = names.putIfAbsent(normalized(name), game);
        if (other != null) {
            throw new IllegalStateException("two games are named '" + name + "': " + describe(other) + " and "
                    + describe(game) + "; remove one of their jars from the class path");
        }
    }

    private static String describe(GameBinding<?, ?> game) {
        return game.key() + " (" + game.getClass().getName() + ")";
    }

    private static String normalized(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static int referenceRank(String name) {
        int rank = StageCatalogue.SHORT_NAMES.indexOf(name);
        return rank < 0 ? Integer.MAX_VALUE : rank;
    }
}
