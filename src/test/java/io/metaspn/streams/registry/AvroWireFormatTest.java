package io.metaspn.streams.registry;

import static io.metaspn.streams.registry.TestSchemas.ORDER;
import static io.metaspn.streams.registry.TestSchemas.USER_V1;
import static io.metaspn.streams.registry.TestSchemas.USER_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.metaspn.streams.registry.AvroWireFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroWireFormatTest {

    private static final Schema NUMBERS = TestSchemas.parse("{'type':'array','items':'long'}");
    private static final Schema NESTED = TestSchemas.parse("""
            {'type':'record','name':'Nested','namespace':'test.registry','fields':[
              {'name':'tags','type':{'type':'map','values':{'type':'array','items':'string'}}},
              {'name':'blob','type':['null','bytes',{'type':'fixed','name':'F','size':3}]},
              {'name':'kind','type':{'type':'enum','name':'Kind','symbols':['A','B']}},
              {'name':'score','type':'double'}]}""");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    private static GenericRecord user(Schema schema, String name) {
        return new GenericRecordBuilder(schema).set("name", name).build();
    }

    @Test
    void framesTheAvroBinaryWithMagicByteAndBigEndianId() throws IOException {
        GenericRecord record = user(USER_V1, "ada");

        byte[] bytes = AvroWireFormat.encode(0x01020304, record, USER_V1);

        assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 1, 2, 3, 4);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).containsExactly(6, 'a', 'd', 'a');
        assertThat(AvroWireFormat.schemaId(bytes)).isEqualTo(0x01020304);
        assertThat(AvroWireFormat.schemaId(AvroWireFormat.encode(-2, record, USER_V1))).isEqualTo(-2);
        assertThat(AvroWireFormat.schemaId(AvroWireFormat.encode(200_000, record, USER_V1))).isEqualTo(200_000);
    }

    @Test
    void roundTripsAGenericRecord() {
        int id = registry.register("orders-value", ORDER);
        GenericRecord order = new GenericRecordBuilder(ORDER).set("id", 42L).set("note", "rush").build();

        byte[] bytes = AvroWireFormat.encode(id, order, ORDER);
        Object read = AvroWireFormat.decode(bytes, registry, ORDER);

        assertThat(read).isEqualTo(order);
        assertThat(AvroWireFormat.decode(bytes, registry, (Schema) null)).isEqualTo(order);
    }

    @Test
    void aV1RecordIsReadByAV2ReaderWithTheDefault() {
        int v1 = registry.register("users-value", USER_V1);
        registry.register("users-value", USER_V2);

        byte[] bytes = AvroWireFormat.encode(v1, user(USER_V1, "grace"), USER_V1);
        GenericRecord read = (GenericRecord) AvroWireFormat.decode(bytes, registry, USER_V2);

        assertThat(read.getSchema()).isEqualTo(USER_V2);
        assertThat(read.get("name")).hasToString("grace");
        assertThat(read.get("age")).isEqualTo(0);
    }

    @Test
    void aV2RecordIsReadByAV1Reader() {
        registry.register("users-value", USER_V1);
        int v2 = registry.register("users-value", USER_V2);
        GenericRecord written = new GenericRecordBuilder(USER_V2).set("name", "linus").set("age", 54).build();

        GenericRecord read = (GenericRecord) AvroWireFormat.decode(AvroWireFormat.encode(v2, written, USER_V2), registry, USER_V1);

        assertThat(read).isEqualTo(user(USER_V1, "linus"));
    }

    @Test
    void readsIntoASpecificClassWithItsOwnSchemaAsReader() {
        int v1 = registry.register("specific-value", SpecificUser.V1);
        int v2 = registry.register("specific-value", SpecificUser.SCHEMA$);

        SpecificUser old = AvroWireFormat.decode(
                AvroWireFormat.encode(v1, user(SpecificUser.V1, "barbara"), SpecificUser.V1), registry, SpecificUser.class);
        SpecificUser current = AvroWireFormat.decode(
                AvroWireFormat.encode(v2, new SpecificUser("ken", 81), SpecificUser.SCHEMA$), registry, SpecificUser.class);

        assertThat(old.name()).isEqualTo("barbara");
        assertThat(old.age()).isEqualTo(7);
        assertThat(current.name()).isEqualTo("ken");
        assertThat(current.age()).isEqualTo(81);
    }

    @Test
    void resolvesWriterSchemasThroughTheHttpClient() throws IOException {
        try (SchemaRegistryHttpServer server = new SchemaRegistryHttpServer(registry, "", null);
             FaultInjectingProxy proxy = FaultInjectingProxy.inFrontOf(server.url())) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(proxy.url());
            int id = client.register("users-value", USER_V1);
            byte[] bytes = AvroWireFormat.encode(id, user(USER_V1, "ada"), USER_V1);

            for (int i = 0; i < 3; i++) {
                assertThat(((GenericRecord) AvroWireFormat.decode(bytes, client, USER_V2)).get("name")).hasToString("ada");
            }
            assertThat(proxy.count("GET", "/schemas/ids/" + id)).isZero(); // known from registering
            assertThat(proxy.count("POST", "/subjects/users-value/versions")).isEqualTo(1);
        }
    }

    @Test
    void nullAndShortInputAreRefused() {
        assertThatThrownBy(() -> AvroWireFormat.decode(null, registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NULL_INPUT);
                    assertThat(e.getMessage()).contains("null");
                });
        assertThatThrownBy(() -> AvroWireFormat.decode(new byte[] {0, 0, 0, 1}, registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOO_SHORT);
                    assertThat(e.getMessage()).contains("4 byte(s)");
                });
    }

    @Test
    void anUnknownMagicByteIsRefused() {
        int id = registry.register("users-value", USER_V1);
        byte[] bytes = AvroWireFormat.encode(id, user(USER_V1, "ada"), USER_V1);
        bytes[0] = 1;

        assertThatThrownBy(() -> AvroWireFormat.decode(bytes, registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MAGIC_BYTE);
                    assertThat(e.getMessage()).contains("magic byte 0x01");
                });
        byte[] json = "{\"name\":\"ada\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AvroWireFormat.decode(json, registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> assertThat(e.getMessage()).contains("0x7b"));
    }

    @Test
    void anUnknownSchemaIdIsRefused() {
        byte[] bytes = AvroWireFormat.encode(77, user(USER_V1, "ada"), USER_V1);

        assertThatThrownBy(() -> AvroWireFormat.decode(bytes, registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
                    assertThat(e.schemaId()).isEqualTo(77);
                    assertThat(e.getMessage()).contains("unknown schema id 77");
                    assertThat(e.getCause()).isInstanceOf(SchemaRegistryException.class);
                });
    }

    @Test
    void truncatedDataIsNotValidAvro() {
        int id = registry.register("users-value", USER_V1);
        byte[] bytes = AvroWireFormat.encode(id, user(USER_V1, "a longer name"), USER_V1);
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> AvroWireFormat.decode(cut, registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_AVRO);
                    assertThat(e.getMessage()).contains("schema id " + id, "test.registry.User",
                            "string length 13 exceeds the 10 byte(s) left");
                });
        assertThatThrownBy(() -> AvroWireFormat.decode(Arrays.copyOf(bytes, 5), registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_AVRO);
                    assertThat(e.getMessage()).contains("the data ends early, after 0 byte(s)");
                });
    }

    @Test
    void aNegativeLengthIsNotValidAvro() {
        int id = registry.register("users-value", USER_V1);
        byte[] bytes = {0, 0, 0, 0, (byte) id, 0x03, 'a'}; // zig-zag 3 = length -2

        assertThatThrownBy(() -> AvroWireFormat.decode(bytes, registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_AVRO);
                    assertThat(e.getMessage()).contains("egative");
                });
    }

    @Test
    void aUnionIndexOutOfRangeIsNotValidAvro() {
        int id = registry.register("orders-value", ORDER);
        byte[] bytes = {0, 0, 0, 0, (byte) id, 0x02, 0x0a}; // id 1, union branch 5 of 2

        assertThatThrownBy(() -> AvroWireFormat.decode(bytes, registry, ORDER))
                .isInstanceOfSatisfying(AvroWireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_AVRO));
    }

    @Test
    void leftOverBytesAreNotValidAvro() {
        int id = registry.register("users-value", USER_V1);
        byte[] bytes = AvroWireFormat.encode(id, user(USER_V1, "ada"), USER_V1);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);

        assertThatThrownBy(() -> AvroWireFormat.decode(longer, registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_AVRO);
                    assertThat(e.getMessage()).contains("2 byte(s) left over");
                });
    }

    @Test
    void aHugeDeclaredLengthFailsBeforeAllocatingIt() throws IOException {
        int id = registry.register("users-value", USER_V1);
        byte[] bytes = header(id, encoder -> encoder.writeLong(1_500_000_000L), 'x');

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(
                () -> AvroWireFormat.decode(bytes, registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_AVRO);
                    assertThat(e.getMessage()).contains("string length 1500000000 exceeds the 1 byte(s) left");
                }));
    }

    @Test
    void aHugeItemCountFailsBeforeAllocatingIt() throws IOException {
        int id = registry.register("numbers-value", NUMBERS);
        byte[] bytes = header(id, encoder -> encoder.writeLong(1_000_000_000L), 2);

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(
                () -> AvroWireFormat.decode(bytes, registry, NUMBERS))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_AVRO);
                    assertThat(e.getMessage()).contains("array block of 1000000000 items");
                }));
    }

    @Test
    void itemsThatTakeNoBytesAreStillReadable() {
        Schema nulls = TestSchemas.parse("{'type':'array','items':'null'}");
        int id = registry.register("nulls-value", nulls);
        List<Object> many = Collections.nCopies(1000, null);

        Object read = AvroWireFormat.decode(AvroWireFormat.encode(id, many, nulls), registry, nulls);

        assertThat((List<?>) read).hasSize(1000);
    }

    private interface Writes {
        void to(BinaryEncoder encoder) throws IOException;
    }

    private static byte[] header(int id, Writes body, int... tail) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, 0, 0, 0, (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        body.to(encoder);
        encoder.flush();
        for (int b : tail) {
            out.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void randomBytesAfterAValidHeaderFailCleanly() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            randomBytes(ORDER, "orders-value");
            randomBytes(NUMBERS, "numbers-value");
            randomBytes(NESTED, "nested-value");
        });
    }

    private void randomBytes(Schema schema, String subject) {
        int id = registry.register(subject, schema);
        Random random = new Random(20261124L);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[5 + random.nextInt(40)];
            random.nextBytes(bytes);
            bytes[0] = 0;
            bytes[1] = 0;
            bytes[2] = 0;
            bytes[3] = 0;
            bytes[4] = (byte) id;
            try {
                Object read = AvroWireFormat.decode(bytes, registry, schema);
                assertThat(GenericData.get().validate(schema, read)).isTrue();
            } catch (AvroWireFormatException e) {
                assertThat(e.reason()).isEqualTo(Reason.INVALID_AVRO);
            }
        }
    }

    @Test
    void aWriterSchemaTheReaderCannotReadIsAMismatch() {
        int id = registry.register("orders-value", ORDER);
        byte[] bytes = AvroWireFormat.encode(id, new GenericRecordBuilder(ORDER).set("id", 1L).build(), ORDER);

        assertThatThrownBy(() -> AvroWireFormat.decode(bytes, registry, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH);
                    assertThat(e.getMessage()).contains("test.registry.Order", "test.registry.User");
                });
    }

    @Test
    void aRecordThatDoesNotMatchItsSchemaIsRefused() {
        GenericRecord noName = new GenericData.Record(USER_V1);

        assertThatThrownBy(() -> AvroWireFormat.encode(1, noName, USER_V1))
                .isInstanceOfSatisfying(AvroWireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_RECORD);
                    assertThat(e.getMessage()).contains("name");
                });
    }
}
