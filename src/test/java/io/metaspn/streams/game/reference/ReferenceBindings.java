package io.metaspn.streams.game.reference;

import io.metaspn.streams.game.reference.ReferenceGames;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.Games;
import io.metaspn.streams.json.JsonlRunner;
import io.metaspn.streams.stages.M4Rewards;
import io.metaspn.streams.stages.Stage;
import java.util.List;

/** Tests' access to the reference stages as games: the binding of a bare stage object, lookups by name. */
public final class ReferenceBindings {
    private ReferenceBindings() {
    }

    /** The binding of {@code stage} (M4 with its config); a binding is its own. */
    @SuppressWarnings("unchecked")
    public static <T, S> GameBinding<T, S> of(Stage<T, S> stage) {
        if (stage instanceof GameBinding<?, ?> binding) {
            return (GameBinding<T, S>) binding;
        }
        if (stage instanceof M4Rewards m4) {
            return (GameBinding<T, S>) ReferenceGames.m4(m4.config());
        }
        return (GameBinding<T, S>) Games.discover().byName(stage.key());
    }

    /** The game named {@code name} among those on the class path. */
    public static GameBinding<?, ?> byName(String name) {
        return Games.discover().byName(name);
    }

    /** The game named {@code name}, M4 with {@code m4Config}. */
    public static GameBinding<?, ?> byName(String name, M4Rewards.Config m4Config) {
        return Games.of(ReferenceGames.all(m4Config)).byName(name);
    }

    /** The emission ids a valid signal {@code signalId} produces in the stage {@code name}, in order. */
    public static List<String> expectedEmissionIds(String signalId, String name) {
        return byName(name).expectedEmissionIds(signalId);
    }

    /** A JSONL runner of {@code stage}. */
    public static <T, S> JsonlRunner<T, S> runner(Stage<T, S> stage) {
        GameBinding<T, S> game = of(stage);
        return new JsonlRunner<>(game, game::decodePayload);
    }
}
