package io.metaspn.streams.registry;

/**
 * A subject's schema compatibility rule, as named by the Confluent Schema Registry API.
 *
 * <p>BACKWARD: a new schema can read data written with the previous one. FORWARD: data written with
 * a new schema can be read by the previous one. FULL: both. The {@code _TRANSITIVE} variants apply
 * the rule against every earlier version of the subject, not only the latest. NONE accepts anything.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** Whether a new schema must be able to read data written with earlier versions. */
    public boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Whether earlier versions must be able to read data written with a new schema. */
    public boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Whether the rule applies against all earlier versions rather than only the latest. */
    public boolean transitive() {
        return this == BACKWARD_TRANSITIVE || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
    }

    /**
     * The level with the given API name, case-insensitively.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static CompatibilityLevel parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("compatibility level is null");
        }
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown compatibility level: " + name, e);
        }
    }
}
