package io.metaspn.streams.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each emissions topic accepts, as far as the application knows: the largest record, and for a topic
 * that keeps producer timestamps ({@code CreateTime}) how far before and after the broker's clock a record
 * timestamp may be. The stage processor checks a signal's output against these limits before writing
 * anything, so a signal whose output the broker would refuse is dead-lettered instead of aborting the
 * transaction (under exactly-once, on every retry). The application reads the limits from the broker at
 * start-up and again after the broker refused a write; until then every topic has the configured size limit
 * ({@value MetaspnConfig#MAX_RECORD_BYTES}) and no timestamp limit. Thread-safe.
 */
public final class OutputLimits {

    /**
     * One topic's limits.
     *
     * @param maxRecordBytes        the largest record accepted, framing included
     * @param timestampBeforeMaxMs  how far behind the broker's clock a record timestamp may be ({@link Long#MAX_VALUE}: any)
     * @param timestampAfterMaxMs   how far ahead of the broker's clock a record timestamp may be ({@link Long#MAX_VALUE}: any)
     */
    public record Limit(int maxRecordBytes, long timestampBeforeMaxMs, long timestampAfterMaxMs) {
        /** Whether a record stamped {@code timestamp} is accepted when the broker's clock reads {@code now}. */
        boolean acceptsTimestamp(long timestamp, long now) {
            return (timestampAfterMaxMs == Long.MAX_VALUE || timestamp - now <= timestampAfterMaxMs)
                    && (timestampBeforeMaxMs == Long.MAX_VALUE || now - timestamp <= timestampBeforeMaxMs);
        }
    }

    private final int configuredMaxRecordBytes;
    private final Map<String, Limit> byTopic = new ConcurrentHashMap<>();

    /** Limits of {@code configuredMaxRecordBytes} for every topic until {@link #update} learns better. */
    public OutputLimits(int configuredMaxRecordBytes) {
        this.configuredMaxRecordBytes = configuredMaxRecordBytes;
    }

    /** The limits of {@code topic}: what the broker said (never above the configured size), else the configured size. */
    public Limit of(String topic) {
        Limit known = byTopic.get(topic);
        return known != null ? known : new Limit(configuredMaxRecordBytes, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** Takes the limits the broker reported for these topics (their {@code max.message.bytes} capped by the configured size). */
    public void update(Map<String, Limit> reported) {
        reported.forEach((topic, limit) -> byTopic.put(topic, new Limit(
                Math.max(StreamsSettings.MIN_MAX_RECORD_BYTES, Math.min(configuredMaxRecordBytes, limit.maxRecordBytes())),
                limit.timestampBeforeMaxMs(), limit.timestampAfterMaxMs())));
    }
}
