package tiny;

import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.GameProvider;
import io.metaspn.streams.game.GameSettings;
import java.util.List;

/** The provider metaspn-streams finds through META-INF/services. */
public final class TinyGames implements GameProvider {

    public static GameBinding<TinyGame.Tap, TinyGame.Score> tiny() {
        return GameBinding.builder(new TinyGame(), TinyGame.Tap.class, TinyGame.Score.class)
                .entityKey(TinyGame.Tap::player)
                .emits(TinyGame.Scored.class)
                .build();
    }

    @Override
    public List<GameBinding<?, ?>> games(GameSettings settings) {
        return List.of(tiny());
    }
}
