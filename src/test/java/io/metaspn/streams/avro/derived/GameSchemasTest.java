package io.metaspn.streams.avro.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.avro.Trace;
import io.metaspn.streams.avro.m1.M1Emission;
import io.metaspn.streams.avro.m1.M1Signal;
import io.metaspn.streams.avro.m1.M1State;
import io.metaspn.streams.examples.PodcastGame;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class GameSchemasTest {
    private static final GameSchemas PODCAST = GameSchemas.derive("podcast", GameSchemas.defaultNamespace("podcast"),
            PodcastGame.Listen.class, PodcastGame.ListenerStats.class, List.of(PodcastGame.MilestoneReached.class));

    @Test
    void theEnvelopesAreNamedAfterTheGameInItsNamespace() {
        assertThat(PODCAST.byName()).containsOnlyKeys("PodcastSignal", "PodcastEmission", "PodcastState");
        assertThat(PODCAST.signal().getFullName()).isEqualTo("io.metaspn.streams.games.podcast.PodcastSignal");
        assertThat(PODCAST.signalPayload().getFullName()).isEqualTo("io.metaspn.streams.games.podcast.Listen");
        assertThat(PODCAST.stateValue().getFullName()).isEqualTo("io.metaspn.streams.games.podcast.ListenerStats");
        assertThat(PODCAST.emissionPayload(PodcastGame.MilestoneReached.class).getFields())
                .extracting(Schema.Field::name).containsExactly("listener_id", "hours", "total_seconds", "episode_id");
        assertThat(GameSchemas.typeName("my-game")).isEqualTo("MyGame");
        assertThat(GameSchemas.defaultNamespace("My-Game")).isEqualTo("io.metaspn.streams.games.my_game");
    }

    @Test
    void theSignalEnvelopeHasTheReferenceFields() {
        assertSameFieldsExceptPayload(PODCAST.signal(), M1Signal.getClassSchema());
    }

    @Test
    void theEmissionEnvelopeHasTheReferenceFieldsAndAUnionOfThePayloadsInDeclaredOrder() {
        assertSameFieldsExceptPayload(PODCAST.emission(), M1Emission.getClassSchema());

        GameSchemas two = GameSchemas.derive("sample", "io.metaspn.streams.games.sample", SampleTypes.Inner.class,
                SampleTypes.Inner.class, List.of(SampleTypes.NameCases.class, SampleTypes.Everything.class));
        assertThat(two.emissionPayloads()).extracting(Schema::getName).containsExactly("NameCases", "Everything");
    }

    @Test
    void theStateHoldsTheValueAndTheReferenceStamp() {
        assertThat(PODCAST.state().getFields()).extracting(Schema.Field::name)
                .containsExactly("value", "version", "created_at", "updated_at");
        for (String stamp : List.of("version", "created_at", "updated_at")) {
            assertSameField(PODCAST.state().getField(stamp), M1State.getClassSchema().getField(stamp));
        }
    }

    @Test
    void theTraceIsTheReferenceTrace() {
        Schema reference = Trace.getClassSchema();
        assertThat(GameSchemas.traceSchema().getFullName()).isEqualTo(reference.getFullName());
        assertThat(GameSchemas.traceSchema().getDoc()).isEqualTo(reference.getDoc());
        for (Schema.Field field : reference.getFields()) {
            assertSameField(GameSchemas.traceSchema().getField(field.name()), field);
        }
    }

    @Test
    void anEnvelopeRoundTripsThroughAvroBinary() throws IOException {
        RecordCodec<PodcastGame.Listen> listens = RecordCodec.of(PodcastGame.Listen.class, PODCAST.signalPayload());
        GenericRecord envelope = new GenericData.Record(PODCAST.signal());
        envelope.put("signal_id", "listen-1");
        envelope.put("timestamp", Instant.parse("2026-01-01T08:00:00Z").toEpochMilli() * 1000);
        envelope.put("source", "podcast");
        envelope.put("payload", listens.toAvro(new PodcastGame.Listen("ana", "ep-1", 2400)));
        envelope.put("metadata", Map.of("trace_id", "\"t-1\""));
        envelope.put("schema_version", GameSchemas.SCHEMA_VERSION);
        envelope.put("entity_refs", List.of("ana"));
        envelope.put("trace", null);

        GenericRecord read = RecordCodecTest.decode(RecordCodecTest.encode(envelope), PODCAST.signal(), PODCAST.signal());

        assertThat(listens.fromAvro((GenericRecord) read.get("payload")))
                .isEqualTo(new PodcastGame.Listen("ana", "ep-1", 2400));
        assertThat(read.get("signal_id").toString()).isEqualTo("listen-1");
    }

    record PodcastState(long value) {
    }

    @Test
    void aRecordNamedLikeAnEnvelopeIsRefused() {
        assertThatThrownBy(() -> GameSchemas.derive("podcast", "io.metaspn.streams.games.podcast", PodcastState.class,
                PodcastState.class, List.of(PodcastGame.MilestoneReached.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two types are named io.metaspn.streams.games.podcast.PodcastState");
    }

    @Test
    void aGameNeedsDistinctEmissionPayloads() {
        assertThatThrownBy(() -> GameSchemas.derive("podcast", "p", PodcastGame.Listen.class,
                PodcastGame.ListenerStats.class, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one emission payload");
        assertThatThrownBy(() -> GameSchemas.derive("podcast", "p", PodcastGame.Listen.class,
                PodcastGame.ListenerStats.class,
                List.of(PodcastGame.MilestoneReached.class, PodcastGame.MilestoneReached.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    private static void assertSameFieldsExceptPayload(Schema derived, Schema reference) {
        assertThat(derived.getFields()).extracting(Schema.Field::name)
                .containsExactlyElementsOf(reference.getFields().stream().map(Schema.Field::name).toList());
        for (Schema.Field field : reference.getFields()) {
            if (!field.name().equals("payload")) {
                assertThat(derived.getField(field.name()).pos()).as(field.name()).isEqualTo(field.pos());
                assertSameField(derived.getField(field.name()), field);
            }
        }
    }

    private static void assertSameField(Schema.Field derived, Schema.Field reference) {
        assertThat(SchemaNormalization.toParsingForm(derived.schema())).as(reference.name())
                .isEqualTo(SchemaNormalization.toParsingForm(reference.schema()));
        assertThat(derived.hasDefaultValue()).as(reference.name()).isEqualTo(reference.hasDefaultValue());
        assertThat(derived.defaultVal()).as(reference.name()).isEqualTo(reference.defaultVal());
        assertThat(derived.doc()).as(reference.name()).isEqualTo(reference.doc());
    }
}
