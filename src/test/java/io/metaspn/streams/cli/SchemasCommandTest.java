package io.metaspn.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.avro.m1.M1Signal;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemasCommandTest {
    private final String scope = "schemas-cli-" + UUID.randomUUID();

    @AfterEach
    void drop() {
        SchemaRegistries.dropScope(scope);
    }

    @Test
    void registerPutsEverySignalAndEmissionSchemaUnderItsTopicSubject() {
        int status = MetaspnCli.run("schemas", "register", "--schema-registry-url", "mem://" + scope);

        SchemaRegistryClient registry = SchemaRegistries.inMemory(scope);
        assertThat(status).isZero();
        assertThat(registry.subjects()).hasSize(10).contains("metaspn.m1.signals.v1-value",
                "metaspn.m4.emissions.v1-value");
        assertThat(registry.getLatest("metaspn.m1.signals.v1-value").schema()).isEqualTo(M1Signal.getClassSchema());
        assertThat(MetaspnCli.run("schemas", "check", "--schema-registry-url", "mem://" + scope)).isZero();
    }

    @Test
    void checkFailsWhenTheLocalSchemaCannotReadWhatIsRegistered() {
        Schema current = M1Signal.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            if (!field.name().equals("source")) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        Schema withoutSource = Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);
        SchemaRegistries.inMemory(scope).register("metaspn.m1.signals.v1-value", withoutSource);

        int status = MetaspnCli.run("schemas", "check", "--stages", "m1", "--schema-registry-url", "mem://" + scope);

        assertThat(status).isEqualTo(1);
    }
}
