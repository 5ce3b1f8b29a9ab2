package io.metaspn.streams.engine;

import java.util.List;

/**
 * What a pipeline did with one signal.
 *
 * @param emissions    all emissions, in step order
 * @param state        the state value after the last step that ran
 * @param stateUpdates how many steps replaced the state
 * @param halted       whether a step stopped the pipeline before its end
 * @param <S>          the state value type
 */
public record PipelineResult<S>(List<Emission<?>> emissions, S state, int stateUpdates, boolean halted) {
    public PipelineResult {
        emissions = List.copyOf(emissions);
    }
}
