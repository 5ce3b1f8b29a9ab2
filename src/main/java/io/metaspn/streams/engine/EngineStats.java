package io.metaspn.streams.engine;

import java.time.Instant;

/**
 * Counters of an engine's work so far.
 *
 * @param signalsProcessed  signals processed successfully
 * @param emissionsProduced emissions produced
 * @param errors            signals whose processing failed
 * @param stateUpdates      signals that changed a state
 * @param firstSignalTime   event time of the first signal processed, or {@code null}
 * @param lastSignalTime    event time of the last signal processed, or {@code null}
 */
public record EngineStats(long signalsProcessed, long emissionsProduced, long errors, long stateUpdates,
                          Instant firstSignalTime, Instant lastSignalTime) {

    /** No work yet. */
    public static final EngineStats EMPTY = new EngineStats(0, 0, 0, 0, null, null);
}
