package io.metaspn.streams.kafka;

import io.metaspn.streams.registry.AvroWireFormatException;
import io.metaspn.streams.registry.SchemaRegistryException;
import java.util.function.Predicate;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortableException;

/**
 * Tells a fault of the infrastructure, or of an earlier write, from a fault of the record being handled. A record is at fault when it cannot
 * be read or breaks the stage's rules, whatever the state of the world: it goes to the dead-letter
 * topic. An infrastructure fault (schema registry or broker unreachable, failing, refusing our
 * credentials; a schema this application writes not registered) says nothing about the record: it
 * is never dead-lettered; the task fails and the record is processed again once the fault is gone. Nor is
 * a write the broker refused the fault of the record being handled when the refusal surfaces (it arrives
 * later, and under exactly-once dooms the whole transaction): see {@link DeadLetterHandler}.
 */
public final class Faults {
    private Faults() {
    }

    /**
     * Whether {@code error}, or any of its causes, is a fault of the infrastructure rather than of the record.
     * Reading a record, only a registry that cannot answer is the infrastructure's (an unknown schema id or bytes
     * that are not Avro are the record's); writing, any registry failure is, since the application chose the
     * schema.
     */
    public static boolean isInfrastructure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof AvroWireFormatException unreadable) {
                return unreadable.reason() == AvroWireFormatException.Reason.REGISTRY_UNAVAILABLE
                        && (!(unreadable.getCause() instanceof SchemaRegistryException registry) || cannotAnswer(registry));
            }
            if (cause instanceof SchemaRegistryException
                    || cause instanceof SchemaNotRegisteredException
                    || cause instanceof RetriableException
                    || cause instanceof AuthenticationException
                    || cause instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code error}, or any of its causes, is the broker refusing a record the application wrote (too
     * large, a timestamp out of range, an invalid record), or the transaction that write doomed. That is the
     * fault of the input record whose output it was, not of the record being handled when it surfaces.
     */
    public static boolean isRefusedWrite(Throwable error) {
        return anyCause(error, cause -> cause instanceof RecordTooLargeException
                || cause instanceof InvalidRecordException
                || cause instanceof InvalidTimestampException
                || cause instanceof CorruptRecordException
                || cause instanceof TransactionAbortableException);
    }

    /** Whether {@code error} says nothing about the record being handled: {@link #isInfrastructure} or {@link #isRefusedWrite}. */
    public static boolean isNotTheRecords(Throwable error) {
        return isInfrastructure(error) || isRefusedWrite(error);
    }

    private static boolean anyCause(Throwable error, Predicate<Throwable> test) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a registry failure while reading a record's schema is the registry's: no answer, a server error,
     * throttling, refused credentials, a timeout, a conflict, a malformed answer. "Not found" (a schema id the
     * record names that the registry does not know) and "invalid schema" answers are the record's.
     */
    private static boolean cannotAnswer(SchemaRegistryException e) {
        int status = e.status();
        return status == SchemaRegistryException.NO_RESPONSE || status >= 500 || status == 429 || status == 401
                || status == 403 || status == 408 || status == 409
                || status >= 200 && status < 300 && e.errorCode() != SchemaRegistryException.INVALID_SCHEMA;
    }
}
