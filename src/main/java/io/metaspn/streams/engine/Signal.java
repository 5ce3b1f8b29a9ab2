package io.metaspn.streams.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable observed event: a typed payload at an event time, from a source, with a
 * caller-owned id. Emissions derived from a signal carry its {@code signalId} as {@code causedBy},
 * and their ids are derived from it, so processing the same signal again yields the same ids.
 *
 * @param payload   the event's typed content
 * @param timestamp when the event happened (event time)
 * @param source    who observed it; not empty
 * @param signalId  the caller's id for the event; not empty ({@code null}: a random UUID, which makes
 *                  replays produce new ids, so give one whenever the event has an identity)
 * @param metadata  free-form context (immutable, JSON-like values)
 * @param <T>       the payload type
 */
public record Signal<T>(T payload, Instant timestamp, String source, String signalId, Map<String, Object> metadata) {

    public Signal {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(timestamp, "timestamp");
        signalId = signalId == null ? UUID.randomUUID().toString() : Checks.nonEmpty(signalId, "signal_id");
        Checks.nonEmpty(source, "source");
        metadata = Metadata.freeze(metadata);
    }

    /** A signal with the caller's id and no metadata. */
    public static <T> Signal<T> of(T payload, Instant timestamp, String source, String signalId) {
        return new Signal<>(payload, timestamp, source, signalId, Metadata.empty());
    }

    /**
     * A signal with a fresh random id. Prefer {@link #of(Object, Instant, String, String)}:
     * only caller-owned ids make replays idempotent.
     */
    public static <T> Signal<T> of(T payload, Instant timestamp, String source) {
        return of(payload, timestamp, source, null);
    }

    /** This signal with its metadata replaced. */
    public Signal<T> withMetadata(Map<String, ?> newMetadata) {
        return new Signal<>(payload, timestamp, source, signalId, Metadata.freeze(newMetadata));
    }

    /** This signal with one metadata entry added or replaced. */
    public Signal<T> withMetadata(String key, Object value) {
        return withMetadata(Metadata.with(metadata, key, value));
    }

    /** This signal with another payload (same id, time, source and metadata). */
    public <U> Signal<U> withPayload(U newPayload) {
        return new Signal<>(newPayload, timestamp, source, signalId, metadata);
    }

    /** The deterministic id of the emission this signal causes at the step named {@code suffix}. */
    public String emissionId(String suffix) {
        return signalId + ":" + suffix;
    }
}
