package io.metaspn.streams.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The part of a configuration that Kafka clients take (everything but the project's own settings). */
final class ClientConfigs {
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
}
