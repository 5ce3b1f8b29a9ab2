/**
 * A test kit for game authors: {@link io.metaspn.streams.testkit.GameTestDriver} runs a
 * {@link io.metaspn.streams.game.GameBinding} through the stream application's own topology on Kafka's
 * {@code TopologyTestDriver}, with an in-memory schema registry, in a few lines. It needs
 * {@code org.apache.kafka:kafka-streams-test-utils} on the test class path: metaspn-streams declares it as an
 * optional dependency, so a game's build adds it (test scope) to use the kit.
 */
package io.metaspn.streams.testkit;
