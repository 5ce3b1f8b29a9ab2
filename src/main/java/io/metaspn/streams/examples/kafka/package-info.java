/**
 * The example game on Kafka: {@link io.metaspn.streams.examples.kafka.PodcastGames} binds
 * {@link io.metaspn.streams.examples.PodcastGame} to the stream application through the public extension point
 * {@link io.metaspn.streams.game.GameBinding} alone, as a game built outside this project would.
 */
package io.metaspn.streams.examples.kafka;
