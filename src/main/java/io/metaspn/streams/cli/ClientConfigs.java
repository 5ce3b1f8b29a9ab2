package io.metaspn.streams.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** The part of a configuration that Kafka clients take (everything but the project's own settings). */
final class ClientConfigs {
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private ClientConfigs() {
    }

    /** {@code config} without {@code metaspn.*} and schema registry keys. */
    static Map<String, Object> forClients(Map<String, Object> config) {
        Map<String, Object> clients = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            if (!key.startsWith("metaspn.") && !key.startsWith("schema.registry.") && !key.startsWith("basic.auth.")) {
                clients.put(key, value);
            }
        });
        return clients;
    }

    /**
     * A copy of {@code clientConfig} whose Admin calls ({@code default.api.timeout.ms}) end within
     * {@code timeout} and whose requests ({@code request.timeout.ms}) within half of it, 30 s at most.
     */
    static Map<String, Object> bounded(Map<String, Object> clientConfig, Duration timeout) {
        Map<String, Object> bounded = new LinkedHashMap<>(clientConfig);
        long timeoutMs = Math.max(1, timeout.toMillis());
        long requestMs = Math.max(1, Math.min(MAX_REQUEST_TIMEOUT.toMillis(), timeoutMs / 2));
        bounded.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs));
        bounded.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestMs));
        return bounded;
    }
}
