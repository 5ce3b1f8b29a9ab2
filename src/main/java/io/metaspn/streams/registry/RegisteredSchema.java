package io.metaspn.streams.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject: the subject, its version number (from 1), the registry-wide schema id
 * and the schema itself.
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
    }
}
