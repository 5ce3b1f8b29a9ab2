package io.metaspn.streams.examples.kafka;

import io.metaspn.streams.examples.PodcastGame;
import io.metaspn.streams.examples.PodcastGame.Listen;
import io.metaspn.streams.examples.PodcastGame.ListenerStats;
import io.metaspn.streams.examples.PodcastGame.MilestoneReached;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.GameProvider;
import io.metaspn.streams.game.GameSettings;
import java.util.List;

/**
 * {@link PodcastGame} on Kafka: the whole binding is the builder call below, and the provider is listed in
 * {@code META-INF/services/io.metaspn.streams.game.GameProvider}. Then {@code process --stage podcast},
 * {@code demo --stage podcast}, {@code run --stages podcast}, {@code produce}/{@code tail --stage podcast} and
 * {@code topics}/{@code schemas} work; its schemas are derived from the game's records (committed under
 * {@code schemas/games/podcast/}) and its topics are {@code metaspn.podcast.signals.v1} and
 * {@code metaspn.podcast.emissions.v1}.
 */
public final class PodcastGames implements GameProvider {

    /** For {@link java.util.ServiceLoader}. */
    public PodcastGames() {
    }

    /** The podcast game, bound: one state per listener, milestones emitted. */
    public static GameBinding<Listen, ListenerStats> podcast() {
        return GameBinding.builder(new PodcastGame(), Listen.class, ListenerStats.class)
                .entityKey(Listen::listenerId)
                .emits(MilestoneReached.class)
                .build();
    }

    @Override
    public List<GameBinding<?, ?>> games(GameSettings settings) {
        return List.of(podcast());
    }
}
