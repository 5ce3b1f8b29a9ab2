package io.metaspn.streams.game;

import java.util.List;

/**
 * The service a game jar provides so that the stream application finds its games without editing the project:
 * list the implementing class in {@code META-INF/services/io.metaspn.streams.game.GameProvider} of the jar, put
 * the jar on the class path, and run {@code metaspn-streams … --stage <name>}. Implementations need a public
 * no-argument constructor ({@link java.util.ServiceLoader}).
 */
public interface GameProvider {

    /**
     * The games of this provider, configured with {@code settings}: each game reads its own settings,
     * {@code metaspn.<name>.*} without the prefix ({@link GameSettings#of}).
     */
    List<GameBinding<?, ?>> games(GameSettings settings);
}
