/**
 * Small, self-contained programs that show how to build on the engine: a quick start that detects
 * new high scores, and a game played end to end through {@link io.metaspn.streams.engine.GameProtocol}.
 * They use the engine only (no JSON), so they can be read as the engine's user guide; the sub-package
 * {@code kafka} puts the game on the stream application.
 */
package io.metaspn.streams.examples;
