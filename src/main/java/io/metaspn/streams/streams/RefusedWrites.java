package io.metaspn.streams.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signals whose output the broker refused (too large, a timestamp out of its range), noted by the
 * dead-letter handler from the refused record's {@code signal_id} header so that the stage processor
 * dead-letters them when they come round again. Under exactly-once a refused write aborts the transaction,
 * and the task processes the same records again: without this note it would write the same refused output
 * again, for ever. (The refusal arrives asynchronously, when the task may be at another record, so the
 * signal id, not the current record's position, names the culprit.) Bounded; shared by the applications in
 * this JVM, keyed by application id and signal id.
 */
final class RefusedWrites {
    private static final int CAPACITY = 10_000;
    private static final Map<String, String> REASONS = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    private RefusedWrites() {
    }

    /** Notes that output of the signal {@code signalId} was refused for {@code reason}. */
    static synchronized void note(String applicationId, String signalId, String reason) {
        REASONS.put(key(applicationId, signalId), reason);
    }

    /** Why output of the signal {@code signalId} was refused, if it was. */
    static synchronized Optional<String> reasonFor(String applicationId, String signalId) {
        return Optional.ofNullable(REASONS.get(key(applicationId, signalId)));
    }

    private static String key(String applicationId, String signalId) {
        return applicationId + '\u0000' + signalId;
    }
}
