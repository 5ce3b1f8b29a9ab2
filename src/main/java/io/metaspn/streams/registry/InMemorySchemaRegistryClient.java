package io.metaspn.streams.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * A schema registry held in memory with the Confluent registry's semantics: ids are registry-wide
 * (one id per distinct schema, whichever subjects hold it), versions count from 1 per subject,
 * registration is checked against the subject's compatibility rule (global default BACKWARD), and
 * an incompatible schema is refused with status 409. For tests and the embedded mode.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private record Version(int version, int id, Schema schema) {
    }

    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Version>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int nextId = 1;

    /** An empty registry with global compatibility BACKWARD. */
    public InMemorySchemaRegistryClient() {
        this(CompatibilityLevel.BACKWARD);
    }

    /** An empty registry with the given global compatibility. */
    public InMemorySchemaRegistryClient(CompatibilityLevel globalLevel) {
        this.globalLevel = Objects.requireNonNull(globalLevel, "globalLevel");
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        String canonical = schema.toString();
        List<Version> versions = subjects.getOrDefault(subject, List.of());
        for (Version v : versions) {
            if (v.schema().toString().equals(canonical)) {
                return v.id();
            }
        }
        String problem = incompatibility(subject, versions, schema);
        if (problem != null) {
            throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject '" + subject
                            + "' (" + getCompatibility(subject) + "): " + problem);
        }
        Integer id = idsBySchema.get(canonical);
        if (id == null) {
            id = nextId++;
            idsBySchema.put(canonical, id);
            schemasById.put(id, schema);
        }
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(new Version(version, id, schema));
        return id;
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw SchemaRegistryException.schemaNotFound(id);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema getLatest(String subject) {
        List<Version> versions = existing(subject);
        return registered(subject, versions.get(versions.size() - 1));
    }

    @Override
    public synchronized RegisteredSchema getVersion(String subject, int version) {
        if (version < 1) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_VERSION,
                    "The specified version '" + version + "' is not a valid version id");
        }
        for (Version v : existing(subject)) {
            if (v.version() == version) {
                return registered(subject, v);
            }
        }
        throw SchemaRegistryException.versionNotFound(subject, version);
    }

    @Override
    public synchronized Optional<Integer> lookup(String subject, Schema schema) {
        Objects.requireNonNull(schema, "schema");
        String canonical = schema.toString();
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(v -> v.schema().toString().equals(canonical))
                .map(Version::id)
                .findFirst();
    }

    /** The subject's version holding the schema, if registered there (the Confluent lookup result). */
    public synchronized Optional<RegisteredSchema> lookupVersion(String subject, Schema schema) {
        String canonical = schema.toString();
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(v -> v.schema().toString().equals(canonical))
                .map(v -> registered(subject, v))
                .findFirst();
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return existing(subject).stream().map(Version::version).toList();
    }

    @Override
    public synchronized boolean testCompatibility(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        return incompatibility(subject, subjects.getOrDefault(subject, List.of()), schema) == null;
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    /** The subject's own compatibility rule, if it has one. */
    public synchronized Optional<CompatibilityLevel> getSubjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    @Override
    public synchronized CompatibilityLevel getGlobalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        requireSubject(subject);
        subjectLevels.put(subject, Objects.requireNonNull(level, "level"));
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = Objects.requireNonNull(level, "level");
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject) {
        List<Integer> versions = versions(subject);
        subjects.remove(subject);
        return versions;
    }

    /** Null when compatible, else a description of the first incompatibility found. */
    private String incompatibility(String subject, List<Version> versions, Schema candidate) {
        if (versions.isEmpty()) {
            return null;
        }
        CompatibilityLevel level = getCompatibility(subject);
        if (level == CompatibilityLevel.NONE) {
            return null;
        }
        List<Version> against = level.transitive() ? versions : versions.subList(versions.size() - 1, versions.size());
        for (int i = against.size() - 1; i >= 0; i--) {
            Version earlier = against.get(i);
            if (level.checksBackward()) {
                String problem = problem(candidate, earlier.schema());
                if (problem != null) {
                    return "new schema cannot read data written with version " + earlier.version() + ": " + problem;
                }
            }
            if (level.checksForward()) {
                String problem = problem(earlier.schema(), candidate);
                if (problem != null) {
                    return "version " + earlier.version() + " cannot read data written with the new schema: " + problem;
                }
            }
        }
        return null;
    }

    private static String problem(Schema reader, Schema writer) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return null;
        }
        return result.getResult().getIncompatibilities().stream()
                .map(inc -> inc.getType() + " at " + inc.getLocation() + " (" + inc.getMessage() + ")")
                .reduce((a, b) -> a + "; " + b)
                .orElse(result.getDescription());
    }

    private List<Version> existing(String subject) {
        List<Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    private static RegisteredSchema registered(String subject, Version v) {
        return new RegisteredSchema(subject, v.version(), v.id(), v.schema());
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("subject is required");
        }
    }
}
