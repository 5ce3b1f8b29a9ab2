package io.metaspn.streams.avro.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.avro.derived.SampleTypes.Color;
import io.metaspn.streams.avro.derived.SampleTypes.Everything;
import io.metaspn.streams.avro.derived.SampleTypes.Inner;
import io.metaspn.streams.engine.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private static final String NAMESPACE = "io.metaspn.streams.games.sample";
    private static final RecordCodec<Everything> EVERYTHING = RecordCodec.derive(Everything.class, NAMESPACE);

    @Property(tries = 300)
    void everyRecordRoundTripsThroughAvroBinaryExactly(@ForAll("everything") Everything value) throws IOException {
        GenericRecord written = EVERYTHING.toAvro(value);
        GenericRecord read = decode(encode(written), written.getSchema(), EVERYTHING.schema());

        assertThat(EVERYTHING.fromAvro(read)).isEqualTo(value);
        assertThat(EVERYTHING.fromAvro(written)).isEqualTo(value);
    }

    @Property(tries = 50)
    void theSchemaIsTheSameOnEveryCall(@ForAll("namespaces") String namespace) {
        assertThat(RecordSchemas.schemaOf(Everything.class, namespace).toString(true))
                .isEqualTo(RecordSchemas.schemaOf(Everything.class, namespace).toString(true));
    }

    @Provide
    Arbitrary<String> namespaces() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> String.join(".", parts));
    }

    record V1(String id, long count) {
    }

    /** V1 with a field of each kind that can be added compatibly. */
    record V2(String id, long count, Long added, Optional<Instant> since, String label, List<String> tags,
              Map<String, Integer> scores, boolean enabled) {
    }

    @Test
    void aRecordWrittenWithAnOlderSchemaIsReadThroughAResolvingReader() throws IOException {
        RecordCodec<V1> v1 = RecordCodec.derive(V1.class, NAMESPACE);
        Schema v2Schema = RecordSchemas.schemaOf(V2.class, NAMESPACE);
        // the derived names differ (V1, V2): alias the reader to the writer's name, as a renamed Java type would need
        Schema reader = new Schema.Parser().parse(v2Schema.toString().replace("\"name\":\"V2\"",
                "\"name\":\"V2\",\"aliases\":[\"V1\"]"));
        RecordCodec<V2> v2 = RecordCodec.of(V2.class, reader);

        byte[] old = encode(v1.toAvro(new V1("a", 7)));
        V2 read = v2.fromAvro(decode(old, v1.schema(), reader));

        assertThat(read).isEqualTo(new V2("a", 7, null, Optional.empty(), "", List.of(), Map.of(), false));
    }

    @Test
    void aNullInARequiredFieldIsRefusedNamingTheField() {
        assertThatThrownBy(() -> RecordCodec.derive(V1.class, NAMESPACE).toAvro(new V1(null, 1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("id"))
                .hasMessageContaining("null");

        Everything withNullTag = sample(new ArrayList<>(Arrays.asList("a", null)), Map.of());
        assertThatThrownBy(() -> EVERYTHING.toAvro(withNullTag))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("tags[1]"));

        Everything withNullInner = sample(List.of(), Map.of("x", new Inner(null, Color.RED, Optional.empty())));
        assertThatThrownBy(() -> EVERYTHING.toAvro(withNullInner))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("by_name.x.name"));
    }

    @Test
    void aMissingRequiredValueIsRefusedNamingTheField() {
        GenericRecord record = EVERYTHING.toAvro(sample(List.of(), Map.of()));
        record.put("at", null);

        assertThatThrownBy(() -> EVERYTHING.fromAvro(record))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("at"))
                .hasMessageContaining("missing");
    }

    @Test
    void instantsKeepMicrosecondsAndDropNanoseconds() {
        Instant at = Instant.parse("2026-01-01T08:00:00.123456789Z");
        GenericRecord record = EVERYTHING.toAvro(sample(at));

        assertThat(record.get("at")).isEqualTo(at.getEpochSecond() * 1_000_000L + 123_456L);
        assertThat(EVERYTHING.fromAvro(record).at()).isEqualTo(Instant.parse("2026-01-01T08:00:00.123456Z"));
    }

    @Test
    void aSchemaThatDoesNotFitTheRecordIsRefusedNamingTheComponent() {
        Schema schema = RecordSchemas.schemaOf(V1.class, NAMESPACE);
        Schema wrongType = new Schema.Parser().parse(schema.toString()
                .replace("\"type\":\"long\",\"default\":0", "\"type\":\"string\""));

        assertThatThrownBy(() -> RecordCodec.of(V2.class, schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("component added").hasMessageContaining("no field added");
        assertThatThrownBy(() -> RecordCodec.of(V1.class, wrongType))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("component count").hasMessageContaining("needs a long");
    }

    @Provide
    Arbitrary<Everything> everything() {
        Arbitrary<Instant> instants = Arbitraries.longs().between(-62_135_596_800_000_000L, 253_402_300_799_999_999L)
                .map(micros -> Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000L));
        Arbitrary<String> strings = Arbitraries.strings().ofMaxLength(12);
        Arbitrary<Color> colors = Arbitraries.of(Color.class);
        Arbitrary<Inner> inners = Combinators.combine(strings, colors, instants.optional())
                .as(Inner::new);
        List<Arbitrary<?>> components = List.of(
                strings,
                Arbitraries.of(true, false),
                Arbitraries.integers(),
                Arbitraries.longs(),
                Arbitraries.floats().withSpecialValue(Float.NaN).withSpecialValue(-0.0f),
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.NEGATIVE_INFINITY),
                Arbitraries.of(true, false).injectNull(0.3),
                Arbitraries.integers().injectNull(0.3),
                Arbitraries.longs().injectNull(0.3),
                Arbitraries.floats().injectNull(0.3),
                Arbitraries.doubles().injectNull(0.3),
                instants,
                colors,
                strings.list().ofMaxSize(4),
                Arbitraries.maps(strings, Arbitraries.longs().injectNull(0.2)).ofMaxSize(4),
                inners,
                strings.optional(),
                inners.optional(),
                inners.list().ofMaxSize(3),
                Arbitraries.maps(strings, inners).ofMaxSize(3),
                Arbitraries.integers().injectNull(0.3).list().ofMaxSize(4),
                Arbitraries.integers().optional(),
                colors.list().ofMaxSize(3).list().ofMaxSize(3));
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Arbitrary<Object>> all = (List) components;
        return Combinators.combine(all).as(values -> new Everything((String) values.get(0), (Boolean) values.get(1),
                (Integer) values.get(2), (Long) values.get(3), (Float) values.get(4), (Double) values.get(5),
                (Boolean) values.get(6), (Integer) values.get(7), (Long) values.get(8), (Float) values.get(9),
                (Double) values.get(10), (Instant) values.get(11), (Color) values.get(12), cast(values.get(13)),
                cast(values.get(14)), (Inner) values.get(15), cast(values.get(16)), cast(values.get(17)),
                cast(values.get(18)), cast(values.get(19)), cast(values.get(20)), cast(values.get(21)),
                cast(values.get(22))));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private static Everything sample(List<String> tags, Map<String, Inner> byName) {
        return new Everything("t", true, 1, 2, 3f, 4d, null, null, null, null, null, Instant.EPOCH, Color.RED, tags,
                Map.of(), new Inner("i", Color.BLUE, Optional.empty()), Optional.empty(), Optional.empty(), List.of(),
                byName, List.of(), Optional.empty(), List.of());
    }

    private static Everything sample(Instant at) {
        Everything base = sample(List.of(), Map.of());
        return new Everything(base.text(), base.flag(), base.count(), base.total(), base.ratio(), base.score(),
                null, null, null, null, null, at, base.color(), base.tags(), base.counters(), base.inner(),
                base.note(), base.extra(), base.inners(), base.byName(), base.maybeNumbers(), base.optionalCount(),
                base.palette());
    }

    static byte[] encode(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Encoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static GenericRecord decode(byte[] bytes, Schema writer, Schema reader) throws IOException {
        return new GenericDatumReader<GenericRecord>(writer, reader).read(null,
                DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
