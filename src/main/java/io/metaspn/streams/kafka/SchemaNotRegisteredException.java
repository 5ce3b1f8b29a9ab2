package io.metaspn.streams.kafka;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema this application writes is not registered under its subject while auto-registration is
 * off: a deployment step is missing ({@code metaspn-streams schemas register}), not a bad record.
 */
public final class SchemaNotRegisteredException extends SerializationException {
    private static final long serialVersionUID = 1L;

    private final String subject;

    /** The schema named {@code schemaName} is not registered under {@code subject}. */
    public SchemaNotRegisteredException(String subject, String schemaName) {
        super("schema " + schemaName + " is not registered under subject " + subject
                + " and auto-registration is off (" + MetaspnConfig.AUTO_REGISTER_SCHEMAS
                + "=false): register it with `metaspn-streams schemas register`");
        this.subject = subject;
    }

    /** The subject the schema is missing from. */
    public String subject() {
        return subject;
    }
}
