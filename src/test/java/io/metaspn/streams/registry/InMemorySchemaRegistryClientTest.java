package io.metaspn.streams.registry;

import static io.metaspn.streams.registry.TestSchemas.ORDER;
import static io.metaspn.streams.registry.TestSchemas.USER_AGE_AS_STRING;
import static io.metaspn.streams.registry.TestSchemas.USER_V1;
import static io.metaspn.streams.registry.TestSchemas.USER_V2;
import static io.metaspn.streams.registry.TestSchemas.USER_V3_AGE_REQUIRED;
import static io.metaspn.streams.registry.TestSchemas.USER_WITHOUT_NAME;
import static io.metaspn.streams.registry.TestSchemas.USER_WITH_REQUIRED_EMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InMemorySchemaRegistryClientTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void registeringTheSameSchemaAgainIsIdempotent() {
        int id = registry.register("users-value", USER_V1);
        int again = registry.register("users-value", TestSchemas.parse(USER_V1.toString(true)));

        assertThat(again).isEqualTo(id);
        assertThat(registry.versions("users-value")).containsExactly(1);
    }

    @Test
    void theSameSchemaHasTheSameIdInEverySubject() {
        int inUsers = registry.register("users-value", USER_V1);
        int inOrders = registry.register("orders-value", ORDER);
        int inArchive = registry.register("archive-value", USER_V1);

        assertThat(inArchive).isEqualTo(inUsers);
        assertThat(inOrders).isNotEqualTo(inUsers);
        assertThat(registry.getLatest("archive-value")).isEqualTo(new RegisteredSchema("archive-value", 1, inUsers, USER_V1));
        assertThat(registry.getSchemaById(inOrders)).isEqualTo(ORDER);
    }

    @Test
    void versionsCountFromOnePerSubject() {
        int id1 = registry.register("users-value", USER_V1);
        int id2 = registry.register("users-value", USER_V2);
        registry.register("orders-value", ORDER);

        assertThat(registry.versions("users-value")).containsExactly(1, 2);
        assertThat(registry.versions("orders-value")).containsExactly(1);
        assertThat(registry.getVersion("users-value", 1)).isEqualTo(new RegisteredSchema("users-value", 1, id1, USER_V1));
        assertThat(registry.getLatest("users-value")).isEqualTo(new RegisteredSchema("users-value", 2, id2, USER_V2));
        assertThat(registry.subjects()).containsExactly("orders-value", "users-value");
        assertThat(registry.lookup("users-value", USER_V1)).contains(id1);
        assertThat(registry.lookup("orders-value", USER_V1)).isEmpty();
        assertThat(registry.lookup("nobody-value", USER_V1)).isEmpty();
    }

    @Test
    void missingSubjectsVersionsAndIdsAreNotFound() {
        registry.register("users-value", USER_V1);

        assertThatThrownBy(() -> registry.getLatest("nobody-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                });
        assertThatThrownBy(() -> registry.getVersion("users-value", 2))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND));
        assertThatThrownBy(() -> registry.getSchemaById(99))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> registry.versions("nobody-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    @Test
    void anIncompatibleRegistrationIsRefusedWith409() {
        registry.register("users-value", USER_V1);
        registry.register("users-value", USER_V2);

        assertThatThrownBy(() -> registry.register("users-value", USER_AGE_AS_STRING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.getMessage()).contains("users-value", "version 2", "/fields/1/type");
                });
        assertThat(registry.versions("users-value")).containsExactly(1, 2);
        assertThat(registry.testCompatibility("users-value", USER_AGE_AS_STRING)).isFalse();
    }

    @Test
    void backwardTransitiveRejectsWhatOnlyTheLatestVersionCouldRead() {
        registry.register("users-value", USER_V1);
        registry.register("users-value", USER_V2);

        assertThat(registry.getCompatibility("users-value")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.testCompatibility("users-value", USER_V3_AGE_REQUIRED)).isTrue();

        registry.setCompatibility("users-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(registry.testCompatibility("users-value", USER_V3_AGE_REQUIRED)).isFalse();
        assertThatThrownBy(() -> registry.register("users-value", USER_V3_AGE_REQUIRED))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("version 1", "READER_FIELD_MISSING_DEFAULT_VALUE");
                });

        registry.setCompatibility("users-value", CompatibilityLevel.BACKWARD);
        assertThat(registry.register("users-value", USER_V3_AGE_REQUIRED)).isPositive();
        assertThat(registry.versions("users-value")).containsExactly(1, 2, 3);
    }

    @ParameterizedTest(name = "{0}: drop name {1}, add required email {2}")
    @CsvSource({
            "NONE,                true,  true",
            "BACKWARD,            true,  false",
            "BACKWARD_TRANSITIVE, true,  false",
            "FORWARD,             false, true",
            "FORWARD_TRANSITIVE,  false, true",
            "FULL,                false, false",
            "FULL_TRANSITIVE,     false, false"})
    void eachLevelChecksItsDirection(CompatibilityLevel level, boolean dropNameAllowed, boolean requiredEmailAllowed) {
        registry.setGlobalCompatibility(level);
        registry.register("users-value", USER_V1);

        assertThat(registry.testCompatibility("users-value", USER_WITHOUT_NAME)).isEqualTo(dropNameAllowed);
        assertThat(registry.testCompatibility("users-value", USER_WITH_REQUIRED_EMAIL)).isEqualTo(requiredEmailAllowed);
        assertThat(registry.testCompatibility("users-value", USER_V2)).isTrue();
        assertThat(registerable(USER_WITHOUT_NAME)).isEqualTo(dropNameAllowed);
    }

    @Test
    void forwardTransitiveChecksEveryEarlierVersion() {
        registry.setCompatibility("s", CompatibilityLevel.NONE);
        registry.register("s", USER_V3_AGE_REQUIRED);
        registry.register("s", USER_V2);

        registry.setCompatibility("s", CompatibilityLevel.FORWARD);
        // the latest version (age defaulted) reads name-only data; version 1 (age required) cannot
        assertThat(registry.testCompatibility("s", USER_V1)).isTrue();
        registry.setCompatibility("s", CompatibilityLevel.FORWARD_TRANSITIVE);
        assertThat(registry.testCompatibility("s", USER_V1)).isFalse();
        registry.setCompatibility("s", CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(registry.testCompatibility("s", USER_V1)).isFalse();
    }

    @Test
    void compatibilityIsPerSubjectWithAGlobalDefault() {
        assertThat(registry.getGlobalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        registry.setCompatibility("a", CompatibilityLevel.FULL);
        registry.setGlobalCompatibility(CompatibilityLevel.NONE);

        assertThat(registry.getCompatibility("a")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(registry.getCompatibility("b")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.getSubjectCompatibility("b")).isEmpty();
    }

    @Test
    void aSubjectWithoutVersionsAcceptsAnything() {
        assertThat(registry.testCompatibility("new-value", USER_V1)).isTrue();
    }

    @Test
    void deletingASubjectKeepsItsIdsResolvable() {
        int id = registry.register("users-value", USER_V1);
        registry.register("users-value", USER_V2);

        assertThat(registry.deleteSubject("users-value")).containsExactly(1, 2);
        assertThat(registry.subjects()).isEmpty();
        assertThat(registry.hasSubject("users-value")).isFalse();
        assertThat(registry.getSchemaById(id)).isEqualTo(USER_V1);
        assertThat(registry.register("users-value", USER_V1)).isEqualTo(id);
        assertThatThrownBy(() -> registry.deleteSubject("nobody"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    private boolean registerable(Schema schema) {
        try {
            registry.register("users-value", schema);
            return true;
        } catch (SchemaRegistryException e) {
            assertThat(e.status()).isEqualTo(409);
            return false;
        }
    }
}
