package io.metaspn.streams.avro.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.State;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.examples.PodcastGame;
import io.metaspn.streams.examples.PodcastGame.Listen;
import io.metaspn.streams.examples.PodcastGame.ListenerStats;
import io.metaspn.streams.examples.PodcastGame.MilestoneReached;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class GameCodecTest {
    private static final PodcastGame GAME = new PodcastGame();
    private static final GameCodec<Listen, ListenerStats> CODEC = GameCodec.derive("podcast",
            GameSchemas.defaultNamespace("podcast"), Listen.class, ListenerStats.class,
            List.of(MilestoneReached.class), GAME::entityKey);
    private static final Instant AT = Instant.parse("2026-01-01T08:00:00.123456Z");

    @Test
    void aSignalRoundTripsThroughAvroBinaryWithItsMetadata() throws IOException {
        Signal<Listen> signal = new Signal<>(new Listen("ana", "ep-1", 2400), AT, "podcast", "listen-1",
                Map.of("trace_id", "t-1", "retried", true, "tags", List.of("a", "b")));

        GenericRecord envelope = CODEC.fromSignal(signal);
        GenericRecord read = RecordCodecTest.decode(RecordCodecTest.encode(envelope), envelope.getSchema(),
                CODEC.schemas().signal());

        assertThat(CODEC.toSignal(read)).isEqualTo(signal);
        assertThat(envelope.get("entity_refs")).isEqualTo(List.of("ana"));
        assertThat(((GenericRecord) envelope.get("trace")).get("trace_id")).isEqualTo("t-1");
        assertThat(envelope.get("schema_version")).isEqualTo(GameSchemas.SCHEMA_VERSION);
    }

    @Test
    void anEmissionRoundTripsThroughAvroBinary() throws IOException {
        Signal<Listen> signal = Signal.of(new Listen("ana", "ep-1", 3600), AT, "podcast", "listen-1");
        Emission<?> emission = GAME.engine().process(signal).get(0);

        GenericRecord envelope = CODEC.fromEmission(emission);
        GenericRecord read = RecordCodecTest.decode(RecordCodecTest.encode(envelope), envelope.getSchema(),
                CODEC.schemas().emission());

        assertThat(CODEC.toEmission(read)).isEqualTo(emission);
        assertThat(emission.payload()).isEqualTo(new MilestoneReached("ana", 1, 3600, "ep-1"));
        assertThat(((GenericRecord) envelope.get("trace")).get("provenance")).isEqualTo(List.of("podcast"));
    }

    @Test
    void aStateRoundTripsThroughAvroBinaryWithItsStamp() throws IOException {
        State<ListenerStats> state = new State<>(new ListenerStats(List.of("ep-1", "ep-2"), 4000, 1), 2, AT,
                AT.plusSeconds(60), List.of(), 0);

        GenericRecord record = CODEC.fromState(state);
        GenericRecord read = RecordCodecTest.decode(RecordCodecTest.encode(record), record.getSchema(),
                CODEC.schemas().state());

        assertThat(CODEC.toState(read)).isEqualTo(state);
    }

    @Test
    void aSignalWithoutIdOrWithABadPayloadIsRefusedNamingTheField() {
        GenericRecord envelope = CODEC.fromSignal(Signal.of(new Listen("ana", "ep-1", 60), AT, "podcast", "l-1"));
        envelope.put("signal_id", "");
        assertThatThrownBy(() -> CODEC.toSignal(envelope)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("signal_id"));

        GenericRecord missingListener = CODEC.fromSignal(Signal.of(new Listen("ana", "ep-1", 60), AT, "podcast", "l-2"));
        ((GenericRecord) missingListener.get("payload")).put("listener_id", null);
        assertThatThrownBy(() -> CODEC.toSignal(missingListener)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("payload.listener_id"));
    }

    record NotAnEmission(String id) {
    }

    @Test
    void anEmissionOfAnotherTypeIsRefused() {
        Emission<NotAnEmission> emission = new Emission<>(new NotAnEmission("x"), "l-1", "other", "l-1:x", AT, Map.of());

        assertThatThrownBy(() -> CODEC.fromEmission(emission)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("podcast has no emission payload of type " + NotAnEmission.class.getName());
    }
}
