package io.metaspn.streams.engine;

/** Derives an emission's id from its signal. Must be deterministic for replays to be idempotent. */
@FunctionalInterface
public interface EmissionIdFactory {

    /** The id of the emission of type {@code emissionType} caused by {@code signal}. */
    String emissionId(Signal<?> signal, String emissionType);

    /** {@code <signal_id>:<emission_type>}. */
    static EmissionIdFactory byType() {
        return (signal, emissionType) -> signal.emissionId(emissionType);
    }

    /** {@code <signal_id>:<suffix>}. */
    static EmissionIdFactory bySuffix(String suffix) {
        return (signal, emissionType) -> signal.emissionId(suffix);
    }
}
