package io.metaspn.streams.avro.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaspn.streams.avro.derived.SampleTypes.Everything;
import io.metaspn.streams.avro.derived.SampleTypes.NameCases;
import io.metaspn.streams.examples.PodcastGame;
import io.metaspn.streams.jsonvalue.JsonMappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordSchemasTest {
    private static final String NAMESPACE = "io.metaspn.streams.games.sample";

    @Test
    void theSchemaOfARecordIsTheCommittedOneOnEveryCallAndInEveryJvm() throws IOException {
        String expected;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/derived/Everything.avsc"))) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(DerivedSchemas.text(RecordSchemas.schemaOf(Everything.class, NAMESPACE))).isEqualTo(expected);
        assertThat(DerivedSchemas.text(RecordSchemas.schemaOf(Everything.class, NAMESPACE))).isEqualTo(expected);
    }

    @Test
    void fieldsFollowTheComponentsInOrderWithTheDocumentedTypesAndDefaults() {
        Schema schema = RecordSchemas.schemaOf(Everything.class, NAMESPACE);

        assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("text", "flag", "count",
                "total", "ratio", "score", "maybe_flag", "maybe_count", "maybe_total", "maybe_ratio", "maybe_score",
                "at", "color", "tags", "counters", "inner", "note", "extra", "inners", "by_name", "maybe_numbers",
                "optional_count", "palette");
        assertThat(type(schema, "text")).isEqualTo("\"string\"");
        assertThat(type(schema, "flag")).isEqualTo("\"boolean\"");
        assertThat(type(schema, "count")).isEqualTo("\"int\"");
        assertThat(type(schema, "total")).isEqualTo("\"long\"");
        assertThat(type(schema, "ratio")).isEqualTo("\"float\"");
        assertThat(type(schema, "score")).isEqualTo("\"double\"");
        assertThat(type(schema, "maybe_count")).isEqualTo("[\"null\",\"int\"]");
        assertThat(type(schema, "at")).isEqualTo("{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}");
        assertThat(type(schema, "color")).isEqualTo(
                "{\"type\":\"enum\",\"name\":\"Color\",\"namespace\":\"" + NAMESPACE
                        + "\",\"symbols\":[\"RED\",\"GREEN\",\"BLUE\"]}");
        assertThat(type(schema, "tags")).isEqualTo("{\"type\":\"array\",\"items\":\"string\"}");
        assertThat(type(schema, "counters")).isEqualTo("{\"type\":\"map\",\"values\":[\"null\",\"long\"]}");
        assertThat(schema.getField("inner").schema().getFullName()).isEqualTo(NAMESPACE + ".Inner");
        assertThat(type(schema, "note")).isEqualTo("[\"null\",\"string\"]");
        assertThat(schema.getField("extra").schema().getTypes()).extracting(Schema::getFullName)
                .containsExactly("null", NAMESPACE + ".Inner");
        assertThat(schema.getField("extra").schema().getTypes().get(1)).isSameAs(schema.getField("inner").schema());
        assertThat(type(schema, "maybe_numbers")).isEqualTo("{\"type\":\"array\",\"items\":[\"null\",\"int\"]}");
        assertThat(type(schema, "optional_count")).isEqualTo("[\"null\",\"int\"]");

        assertThat(schema.getField("text").defaultVal()).isEqualTo("");
        assertThat(schema.getField("flag").defaultVal()).isEqualTo(false);
        assertThat(schema.getField("count").defaultVal()).isEqualTo(0);
        assertThat(schema.getField("total").defaultVal()).isEqualTo(0L);
        assertThat(schema.getField("maybe_total").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        assertThat(schema.getField("tags").defaultVal()).isEqualTo(List.of());
        assertThat(schema.getField("counters").defaultVal()).isEqualTo(java.util.Map.of());
        assertThat(schema.getField("note").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        assertThat(schema.getField("at").hasDefaultValue()).isFalse();
        assertThat(schema.getField("color").hasDefaultValue()).isFalse();
        assertThat(schema.getField("inner").hasDefaultValue()).isFalse();
    }

    @Test
    void avroAndJsonFieldNamesAgree() {
        for (Record value : List.<Record>of(new NameCases("a", "b", "c", "d", "e", "f", "g"),
                new PodcastGame.Listen("ana", "ep-1", 60), new PodcastGame.ListenerStats(List.of("ep-1"), 60, 0),
                new PodcastGame.MilestoneReached("ana", 1, 3600, "ep-1"))) {
            ObjectNode json = JsonMappers.MAPPER.valueToTree(value);
            List<String> jsonNames = new ArrayList<>();
            json.fieldNames().forEachRemaining(jsonNames::add);

            @SuppressWarnings("unchecked")
            Class<? extends Record> type = (Class<? extends Record>) value.getClass();
            assertThat(RecordSchemas.schemaOf(type, NAMESPACE).getFields()).extracting(Schema.Field::name)
                    .as("%s", type).containsExactlyElementsOf(jsonNames);
        }
    }

    @Property
    void fieldNamesAreJacksonsSnakeCase(@ForAll("identifiers") String identifier) {
        assertThat(RecordSchemas.fieldName(identifier))
                .isEqualTo(new PropertyNamingStrategies.SnakeCaseStrategy().translate(identifier));
    }

    @Provide
    Arbitrary<String> identifiers() {
        return Arbitraries.strings().withChars("aBcXyZ_09").ofMinLength(1).ofMaxLength(12);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "WithObject|anything|unsupported type java.lang.Object",
            "WithRawList|items|raw type java.util.List",
            "WithWildcard|items|unsupported type argument ?",
            "WithIntegerKeys|byNumber|unsupported map key type java.lang.Integer",
            "WithByte|small|unsupported type byte",
            "WithArray|items|unsupported type [Ljava.lang.String;",
            "WithNestedOptional|twice|Optional inside Optional",
            "Recursive|children|contains itself",
            "Clashing|foo_bar|is also the name of component fooBar",
            "WithGeneric|wrapped|a generic record: type parameters have no schema",
            "Generic|value|unsupported type T",
    })
    void anUnsupportedTypeIsRefusedNamingTheRecordAndTheComponent(String record, String component, String reason)
            throws ClassNotFoundException {
        @SuppressWarnings("unchecked")
        Class<? extends Record> type = (Class<? extends Record>) Class.forName(SampleTypes.class.getName() + "$" + record);

        assertThatThrownBy(() -> RecordSchemas.schemaOf(type, NAMESPACE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record " + SampleTypes.class.getName() + "$")
                .hasMessageContaining("component " + component + ":")
                .hasMessageContaining(reason);
    }

    @Test
    void twoTypesWithTheSameSimpleNameAreRefused() {
        assertThatThrownBy(() -> RecordSchemas.schemaOf(SampleTypes.WithTwoInners.class, NAMESPACE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two types are named " + NAMESPACE + ".Inner")
                .hasMessageContaining(SampleTypes.Other.Inner.class.getName());
    }

    @Test
    void anInvalidNamespaceIsRefused() {
        assertThatThrownBy(() -> RecordSchemas.schemaOf(Everything.class, "my-games"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("my-games");
    }

    private static String type(Schema record, String field) {
        return record.getField(field).schema().toString();
    }
}
