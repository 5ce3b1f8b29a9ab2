package io.metaspn.streams.registry;

import static io.metaspn.streams.registry.TestSchemas.ORDER;
import static io.metaspn.streams.registry.TestSchemas.USER_AGE_AS_STRING;
import static io.metaspn.streams.registry.TestSchemas.USER_V1;
import static io.metaspn.streams.registry.TestSchemas.USER_V2;
import static io.metaspn.streams.registry.TestSchemas.USER_V3_AGE_REQUIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.avro.m1.M1Profile;
import io.metaspn.streams.avro.m1.M1Signal;
import io.metaspn.streams.kafka.AvroRecordSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@link HttpSchemaRegistryClient} against a real Confluent-API registry (Apicurio Registry 2.4.2.Final,
 * {@link ApicurioRegistry}), one per class. Each test uses its own subjects; every check that
 * matters is made with a fresh client too, so no answer comes from a client cache.
 */
class HttpSchemaRegistryClientIT {
    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.start();
        System.out.printf("Apicurio Registry answered on %s after %d ms%n", registry.url(),
                registry.startTime().toMillis());
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static HttpSchemaRegistryClient client() {
        return new HttpSchemaRegistryClient(registry.url());
    }

    private static String subject(TestInfo test, String suffix) {
        return test.getTestMethod().orElseThrow().getName() + "-" + suffix;
    }

    private static Consumer<SchemaRegistryException> failure(int status, int errorCode) {
        return e -> {
            assertThat(e.status()).as("status").isEqualTo(status);
            assertThat(e.errorCode()).as("error code").isEqualTo(errorCode);
        };
    }

    @Test
    void registersASchemaAndReturnsTheSameIdForItAgain(TestInfo test) {
        String users = subject(test, "value");
        int id = client().register(users, USER_V1);

        assertThat(client().register(users, USER_V1)).isEqualTo(id);
        assertThat(client().lookup(users, USER_V1)).contains(id);
        assertThat(client().lookup(users, USER_V2)).isEmpty();
        assertThat(client().lookup(subject(test, "unknown"), USER_V1)).isEmpty();

        int orderId = client().register(subject(test, "orders"), ORDER);
        assertThat(orderId).isNotEqualTo(id);
        assertThat(client().register(subject(test, "same-schema-other-subject"), USER_V1))
                .as("one id per distinct schema, registry-wide").isEqualTo(id);
    }

    @Test
    void looksUpSchemasById(TestInfo test) {
        int id = client().register(subject(test, "value"), USER_V2);

        assertThat(client().getSchemaById(id)).isEqualTo(USER_V2);
        assertThatThrownBy(() -> client().getSchemaById(id + 100_000))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        failure(404, SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Test
    void listsSubjectsAndTheirVersions(TestInfo test) {
        String users = subject(test, "users");
        String orders = subject(test, "orders");
        HttpSchemaRegistryClient writer = client();
        int v1 = writer.register(users, USER_V1);
        int v2 = writer.register(users, USER_V2);
        writer.register(orders, ORDER);

        HttpSchemaRegistryClient reader = client();
        List<String> subjects = reader.subjects();
        assertThat(subjects).contains(users, orders).isSorted();
        assertThat(reader.hasSubject(users)).isTrue();
        assertThat(reader.hasSubject(subject(test, "unknown"))).isFalse();
        assertThat(reader.versions(users)).containsExactly(1, 2);
        assertThat(reader.versions(orders)).containsExactly(1);
        assertThat(reader.getLatest(users)).isEqualTo(new RegisteredSchema(users, 2, v2, USER_V2));
        assertThat(reader.getVersion(users, 1)).isEqualTo(new RegisteredSchema(users, 1, v1, USER_V1));

        assertThatThrownBy(() -> reader.getVersion(users, 3)).isInstanceOfSatisfying(SchemaRegistryException.class,
                failure(404, SchemaRegistryException.VERSION_NOT_FOUND));
        assertThatThrownBy(() -> reader.versions(subject(test, "unknown")))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        failure(404, SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    @Test
    void checksCompatibilityUnderBackward(TestInfo test) {
        String users = subject(test, "value");
        HttpSchemaRegistryClient client = client();
        client.register(users, USER_V1);
        client.setCompatibility(users, CompatibilityLevel.BACKWARD);
        client.register(users, USER_V2);

        assertThat(client().getCompatibility(users)).isEqualTo(CompatibilityLevel.BACKWARD);
        // against the latest version only: v3 reads v2 data
        assertThat(client().testCompatibility(users, USER_V3_AGE_REQUIRED)).isTrue();
        assertThat(client().testCompatibility(users, USER_AGE_AS_STRING)).isFalse();
        assertThat(client().testCompatibility(subject(test, "no-versions"), USER_AGE_AS_STRING)).isTrue();

        assertThatThrownBy(() -> client().register(users, USER_AGE_AS_STRING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e).hasMessageContaining("Incompatible");
                });
        assertThat(client().register(users, USER_V3_AGE_REQUIRED)).isPositive();
        assertThat(client().versions(users)).containsExactly(1, 2, 3);
    }

    @Test
    void checksCompatibilityAgainstEveryVersionUnderBackwardTransitive(TestInfo test) {
        String users = subject(test, "value");
        HttpSchemaRegistryClient client = client();
        client.register(users, USER_V1);
        client.setCompatibility(users, CompatibilityLevel.BACKWARD_TRANSITIVE);
        client.register(users, USER_V2);

        assertThat(client().getCompatibility(users)).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
        // v3 reads v2 data but not v1 data (no age, and v3's age has no default)
        assertThat(client().testCompatibility(users, USER_V3_AGE_REQUIRED)).isFalse();
        assertThat(client().testCompatibility(users, USER_AGE_AS_STRING)).isFalse();
        assertThat(client().testCompatibility(users, USER_V2)).isTrue();

        // Apicurio answers 409 with error_code 0 (Confluent: 40901); the client reports 409 either way
        assertThatThrownBy(() -> client().register(users, USER_V3_AGE_REQUIRED))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.status()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                    assertThat(e.errorCode()).isIn(SchemaRegistryException.INCOMPATIBLE_SCHEMA, 40901);
                });
        assertThat(client().versions(users)).containsExactly(1, 2);
        assertThat(client().getCompatibility(subject(test, "other")))
                .as("a subject without its own rule has the global one")
                .isEqualTo(client().getGlobalCompatibility());
    }

    /**
     * Apicurio 2.4.2 answers most of 8 simultaneous registrations of one new subject and schema with
     * the id, but some with 409 "An artifact with ID '...' in group 'null' already exists." (error_code
     * 409), 409 "An artifact version 'null' for artifact ID '...' ... already exists." (error_code 0), or
     * 500 from its storage (H2 "Unique index or primary key violation", "Timeout trying to lock table").
     * The client retries the 500s and looks the schema up after a 409, so every caller gets the id.
     * Its in-memory H2 storage also makes racing requests wait for table locks in steps of ~4 s (up to
     * ~28 s seen on 2 busy cores), hence the long request timeout here; and a race can leave the subject
     * with the same schema (same id) as versions 1 and 2.
     */
    @Test
    void simultaneousRegistrationsOfANewSubjectAllReturnTheSameId(TestInfo test) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FaultInjectingProxy proxy = FaultInjectingProxy.inFrontOf(registry.url())) {
            for (int round = 0; round < 5; round++) {
                String subject = subject(test, "round-" + round);
                Schema schema = TestSchemas.parse("{'type':'record','name':'Race" + round + "','namespace':'test.race',"
                        + "'fields':[{'name':'n','type':'int'}]}");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> ids = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    HttpSchemaRegistryClient own = new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config
                            .of(proxy.url()).withRequestTimeout(Duration.ofSeconds(60))
                            .withRetries(5, Duration.ofMillis(100), Duration.ofSeconds(2)));
                    ids.add(pool.submit(() -> {
                        start.await();
                        return own.register(subject, schema);
                    }));
                }
                start.countDown();
                List<Integer> results = new ArrayList<>();
                for (Future<Integer> id : ids) {
                    results.add(id.get(5, TimeUnit.MINUTES));
                }

                assertThat(results).as("round %d", round).hasSize(threads).containsOnly(results.get(0));
                assertThat(client().lookup(subject, schema)).contains(results.get(0));
                HttpSchemaRegistryClient reader = client();
                for (int version : reader.versions(subject)) {
                    assertThat(reader.getVersion(subject, version).id()).as("round %d, version %d", round, version)
                            .isEqualTo(results.get(0));
                }
                System.out.printf("race round %d: %d registrations (%d retried or repeated), %d lookups%n", round,
                        proxy.count("POST", "/subjects/" + subject + "/versions"),
                        proxy.count("POST", "/subjects/" + subject + "/versions") - threads,
                        proxy.count("POST", "/subjects/" + subject));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRecordWrittenByTheSerdeIsReadByAFreshSerdeResolvingTheWriterSchemaById() {
        String topic = "it.m1.signals.v1";
        M1Signal signal = new M1Signal("sig_it_1", Instant.parse("2026-02-06T12:00:00.123456Z"), "it",
                new M1Profile("p_1", "core", "email", 0.5, 0.25), Map.of("trace_id", "\"tr_1\""), 1,
                List.of("p_1"), null);
        AvroRecordSerde writer = new AvroRecordSerde(
                SchemaRegistries.forUrl(registry.url(), Map.of()), M1Signal.getClassSchema(), true, false);

        byte[] bytes = writer.serializer().serialize(topic, signal);

        HttpSchemaRegistryClient fresh = client();
        int id = AvroWireFormat.schemaId(bytes);
        assertThat(bytes[0]).isEqualTo(AvroWireFormat.MAGIC_BYTE);
        assertThat(fresh.getLatest(writer.subject(topic)))
                .isEqualTo(new RegisteredSchema(topic + "-value", 1, id, M1Signal.getClassSchema()));

        AvroRecordSerde reader = new AvroRecordSerde(client(), M1Signal.getClassSchema(), false, false);
        GenericRecord read = reader.deserializer().deserialize(topic, bytes);
        assertThat(read).isEqualTo(signal);
    }
}
