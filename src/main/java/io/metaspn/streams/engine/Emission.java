package io.metaspn.streams.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable output of a pipeline step, traceable to the signal that caused it.
 *
 * @param payload      the typed content
 * @param causedBy     the causing signal's id
 * @param emissionType what kind of emission this is (for example {@code m1.route.selected})
 * @param emissionId   a deterministic id, by convention {@code <signal_id>:<suffix>}
 * @param timestamp    the event time (the causing signal's, unless a step chose otherwise)
 * @param metadata     free-form context (immutable, JSON-like values)
 * @param <U>          the payload type
 */
public record Emission<U>(U payload, String causedBy, String emissionType, String emissionId, Instant timestamp,
                          Map<String, Object> metadata) {

    public Emission {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(causedBy, "causedBy");
        Objects.requireNonNull(emissionType, "emissionType");
        Objects.requireNonNull(emissionId, "emissionId");
        Objects.requireNonNull(timestamp, "timestamp");
        metadata = Metadata.freeze(metadata);
    }

    /**
     * The conventional emission of a step: id {@code <signal_id>:<suffix>}, caused by the signal,
     * at the signal's event time, with empty metadata.
     */
    public static <U> Emission<U> of(Signal<?> signal, String suffix, String emissionType, U payload) {
        return new Emission<>(payload, signal.signalId(), emissionType, signal.emissionId(suffix),
                signal.timestamp(), Metadata.empty());
    }

    /** This emission with its metadata replaced. */
    public Emission<U> withMetadata(Map<String, ?> newMetadata) {
        return new Emission<>(payload, causedBy, emissionType, emissionId, timestamp, Metadata.freeze(newMetadata));
    }

    /** This emission with one metadata entry added or replaced. */
    public Emission<U> withMetadata(String key, Object value) {
        return withMetadata(Metadata.with(metadata, key, value));
    }

    /** This emission with another id. */
    public Emission<U> withEmissionId(String newId) {
        return new Emission<>(payload, causedBy, emissionType, newId, timestamp, metadata);
    }

    /** This emission with another timestamp. */
    public Emission<U> withTimestamp(Instant newTimestamp) {
        return new Emission<>(payload, causedBy, emissionType, emissionId, newTimestamp, metadata);
    }
}
