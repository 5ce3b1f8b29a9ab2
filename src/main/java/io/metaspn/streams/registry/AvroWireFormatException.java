package io.metaspn.streams.registry;

/** Bytes that cannot be read (or a record that cannot be written) in the Confluent Avro wire format. */
public final class AvroWireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** No bytes at all. */
        NULL_INPUT,
        /** Fewer bytes than the 5-byte header. */
        TOO_SHORT,
        /** The first byte is not the wire format's magic byte 0. */
        UNKNOWN_MAGIC_BYTE,
        /** The registry has no schema with the header's id. */
        UNKNOWN_SCHEMA_ID,
        /** The registry could not be asked for the writer schema. */
        REGISTRY_UNAVAILABLE,
        /** The payload is not valid Avro binary for the writer schema. */
        INVALID_AVRO,
        /** The writer schema cannot be read with the reader schema. */
        SCHEMA_MISMATCH,
        /** The record does not match the schema it was to be written with. */
        INVALID_RECORD
    }

    private final Reason reason;
    private final int schemaId;

    AvroWireFormatException(Reason reason, int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.schemaId = schemaId;
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }

    /** The schema id from the header, or -1 when it could not be read. */
    public int schemaId() {
        return schemaId;
    }
}
