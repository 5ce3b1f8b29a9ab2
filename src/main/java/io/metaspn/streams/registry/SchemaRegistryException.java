package io.metaspn.streams.registry;

/**
 * A schema registry request that failed: the HTTP status and the Confluent {@code error_code}
 * (e.g. 409 for an incompatible schema, 40401 for an unknown subject), or {@link #NO_RESPONSE} for
 * both when the registry could not be reached.
 */
public final class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Status and error code when no HTTP response was received. */
    public static final int NO_RESPONSE = -1;
    /** Error code: the subject does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Error code: the subject has no such version. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Error code: no schema with that id, or the schema is not registered under the subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Error code: the subject has no subject-level compatibility configured. */
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** Error code (and HTTP status): the schema is incompatible with earlier versions. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Error code: the schema is not valid. */
    public static final int INVALID_SCHEMA = 42201;
    /** Error code: the version is not valid. */
    public static final int INVALID_VERSION = 42202;
    /** Error code: the compatibility level is not valid. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    private final int status;
    private final int errorCode;

    /** A failure with the given HTTP status, Confluent error code and message. */
    public SchemaRegistryException(int status, int errorCode, String message) {
        this(status, errorCode, message, null);
    }

    /** A failure with the given HTTP status, Confluent error code, message and cause. */
    public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message + " (status " + status + ", error_code " + errorCode + ")", cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    static SchemaRegistryException subjectNotFound(String subject) {
        return new SchemaRegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found");
    }

    static SchemaRegistryException versionNotFound(String subject, int version) {
        return new SchemaRegistryException(404, VERSION_NOT_FOUND,
                "Version " + version + " of subject '" + subject + "' not found");
    }

    static SchemaRegistryException schemaNotFound(int id) {
        return new SchemaRegistryException(404, SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }

    /** The HTTP status, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /** The Confluent error code (the HTTP status when the body carried none), or {@link #NO_RESPONSE}. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether the failure is an incompatible schema (HTTP 409). */
    public boolean isIncompatible() {
        return status == 409;
    }

    /** Whether the failure is a missing subject, version or schema (HTTP 404). */
    public boolean isNotFound() {
        return status == 404;
    }
}
