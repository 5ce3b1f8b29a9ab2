package io.metaspn.streams.kafka;

import io.metaspn.streams.registry.CompatibilityLevel;
import io.metaspn.streams.registry.RegisteredSchema;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.registry.SchemaRegistryException;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A registry that can be "down" for readers (schemas by id) or for writers (looking up and registering
 * schemas): such requests then fail as with an unreachable HTTP registry (no response); otherwise it
 * answers from the registry it wraps. Stands in for an outage under TopologyTestDriver, as the in-memory registry stands in
 * for a real one there.
 */
final class FlakyRegistry implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;
    private volatile boolean readsDown;
    private volatile boolean writesDown;
    private volatile int status = SchemaRegistryException.NO_RESPONSE;

    FlakyRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    void down(boolean reads, boolean writes) {
        this.readsDown = reads;
        this.writesDown = writes;
    }

    /** Failing requests answer with HTTP {@code httpStatus} (and that error code) instead of no response. */
    void answering(int httpStatus) {
        this.status = httpStatus;
    }

    private void check(boolean down, String what) {
        if (down) {
            throw new SchemaRegistryException(status, status, what + (status == SchemaRegistryException.NO_RESPONSE
                    ? " failed to connect after 4 attempt(s): java.net.ConnectException" : " failed"));
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        check(writesDown, "POST /subjects/" + subject + "/versions");
        return delegate.register(subject, schema);
    }

    @Override
    public Schema getSchemaById(int id) {
        check(readsDown, "GET /schemas/ids/" + id);
        return delegate.getSchemaById(id);
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        return delegate.getLatest(subject);
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return delegate.getVersion(subject, version);
    }

    @Override
    public Optional<Integer> lookup(String subject, Schema schema) {
        check(writesDown, "POST /subjects/" + subject);
        return delegate.lookup(subject, schema);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        return delegate.testCompatibility(subject, schema);
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        return delegate.getCompatibility(subject);
    }

    @Override
    public CompatibilityLevel getGlobalCompatibility() {
        return delegate.getGlobalCompatibility();
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        delegate.setCompatibility(subject, level);
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        delegate.setGlobalCompatibility(level);
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        return delegate.deleteSubject(subject);
    }
}
