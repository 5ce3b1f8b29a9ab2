package io.metaspn.streams.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A Confluent-compatible schema registry for Avro schemas: subjects hold numbered versions, and
 * every distinct schema has one registry-wide id. Implementations are thread-safe; failures are
 * reported as {@link SchemaRegistryException}.
 */
public interface SchemaRegistryClient {

    /**
     * Registers the schema under the subject (a new version unless already registered there) and
     * returns its id. Registering the same schema again returns the same id.
     *
     * @throws SchemaRegistryException with status 409 when the schema breaks the subject's
     *     compatibility rule
     */
    int register(String subject, Schema schema);

    /**
     * The schema with the given id.
     *
     * @throws SchemaRegistryException with error code 40403 when there is none
     */
    Schema getSchemaById(int id);

    /**
     * The newest version of the subject.
     *
     * @throws SchemaRegistryException with error code 40401 when the subject does not exist
     */
    RegisteredSchema getLatest(String subject);

    /**
     * The given version (from 1) of the subject.
     *
     * @throws SchemaRegistryException with error code 40401 (no such subject) or 40402 (no such version)
     */
    RegisteredSchema getVersion(String subject, int version);

    /** The id of the schema if it is registered under the subject, without registering it. */
    Optional<Integer> lookup(String subject, Schema schema);

    /** All subjects, in name order. */
    List<String> subjects();

    /**
     * The subject's version numbers, ascending.
     *
     * @throws SchemaRegistryException with error code 40401 when the subject does not exist
     */
    List<Integer> versions(String subject);

    /**
     * Whether the schema could be registered under the subject by its compatibility rule (checked
     * against the latest version, or all versions for a transitive rule); true for a subject
     * without versions.
     */
    boolean testCompatibility(String subject, Schema schema);

    /** The compatibility rule in effect for the subject: its own, or else the global one. */
    CompatibilityLevel getCompatibility(String subject);

    /** The global compatibility rule, used by subjects without their own. */
    CompatibilityLevel getGlobalCompatibility();

    /** Sets the subject's own compatibility rule. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Sets the global compatibility rule. */
    void setGlobalCompatibility(CompatibilityLevel level);

    /**
     * Deletes the subject and returns the versions it had. Schema ids stay resolvable.
     *
     * @throws SchemaRegistryException with error code 40401 when the subject does not exist
     */
    List<Integer> deleteSubject(String subject);

    /** Whether the subject exists (has at least one version). */
    default boolean hasSubject(String subject) {
        return subjects().contains(subject);
    }
}
