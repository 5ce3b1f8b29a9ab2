package io.metaspn.streams.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.examples.PodcastGame;
import io.metaspn.streams.examples.PodcastGame.Listen;
import io.metaspn.streams.examples.PodcastGame.ListenerStats;
import io.metaspn.streams.examples.PodcastGame.MilestoneReached;
import io.metaspn.streams.json.InvalidSignalException;
import io.metaspn.streams.json.SignalJson;
import java.time.Instant;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class GameBindingBuilderTest {
    private final GameBinding<Listen, ListenerStats> podcast = GameBinding.builder(new PodcastGame(), Listen.class,
            ListenerStats.class).emits(MilestoneReached.class).build();
    private final SignalJson<Listen> json = new SignalJson<>(podcast::decodePayload);

    @Test
    void theBindingTakesItsNameKeyStateAndPipelineFromTheGame() {
        assertThat(podcast.shortName()).isEqualTo("podcast");
        assertThat(podcast.key()).isEqualTo("podcast");
        assertThat(podcast.initialState()).isEqualTo(ListenerStats.INITIAL);
        assertThat(podcast.pipelineName()).isEqualTo("podcast_listening");
        // no entityKey given: the game's own, from the payload
        assertThat(podcast.entityKey(new Listen("ana", "ep-1", 1))).isEqualTo("ana");
        assertThat(GameBinding.builder(new PodcastGame(), Listen.class, ListenerStats.class).name("pod_cast")
                .key("pod_cast_v1").entityKey(Listen::episodeId).emits(MilestoneReached.class).build())
                .satisfies(b -> {
                    assertThat(b.shortName()).isEqualTo("pod_cast");
                    assertThat(b.key()).isEqualTo("pod_cast_v1");
                    assertThat(b.entityKey(new Listen("ana", "ep-1", 1))).isEqualTo("ep-1");
                });
    }

    @Test
    void aNameThatCannotNameTopicsAndNodesIsRefused() {
        for (String bad : new String[] {"pod-cast", "Podcast", "1podcast", "pod cast", ""}) {
            assertThatThrownBy(() -> GameBinding.builder(new PodcastGame(), Listen.class, ListenerStats.class)
                    .name(bad).emits(MilestoneReached.class).build())
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("game name '" + bad + "' must be lower-case letters, digits and _");
        }
    }

    @Test
    void jsonPayloadsAreReadByJacksonInSnakeCaseAndAnErrorNamesTheField() {
        String head = "{\"signal_id\": \"a\", \"timestamp\": \"2026-01-01T08:00:00Z\", \"source\": \"podcast\", ";

        assertThat(json.parse(head + "\"payload\": {\"listener_id\": \"ana\", \"episode_id\": \"ep-1\","
                + " \"seconds\": 60, \"device\": \"phone\"}}").payload()).isEqualTo(new Listen("ana", "ep-1", 60));
        assertThatThrownBy(() -> json.parse(head + "\"payload\": {\"listener_id\": \"ana\", \"episode_id\": \"e\"}}"))
                .isInstanceOfSatisfying(InvalidSignalException.class,
                        e -> assertThat(e.field()).isEqualTo("payload.seconds"))
                .hasMessageContaining("is missing");
        assertThatThrownBy(() -> json.parse(head + "\"payload\": {\"listener_id\": \"ana\", \"episode_id\": \"e\","
                + " \"seconds\": \"long\"}}"))
                .isInstanceOfSatisfying(InvalidSignalException.class,
                        e -> assertThat(e.field()).isEqualTo("payload.seconds"));
    }

    @Test
    void theGamesValidationIsTheBindingsInItsEngine() {
        Signal<Listen> negative = Signal.of(new Listen("ana", "ep-1", -1), Instant.EPOCH, "podcast", "n");

        assertThatThrownBy(() -> podcast.validate(negative)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("payload.seconds"));
        assertThatThrownBy(() -> podcast.engine().process(negative)).isInstanceOf(ValidationException.class);
    }

    @Test
    void signalsEmissionsAndStatesCrossAvroAsGenericRecordsOfTheDerivedSchemas() {
        Signal<Listen> signal = Signal.of(new Listen("ana", "ep-1", 4000), Instant.parse("2026-01-01T08:00:00Z"),
                "podcast", "s").withMetadata("trace_id", "t-1");
        var emissions = podcast.engine().process(signal);
        ListenerStats state = new ListenerStats(List.of("ep-1"), 4000, 1);

        GenericRecord envelope = podcast.avro().fromSignal(signal);
        assertThat(envelope.get("entity_refs")).isEqualTo(List.of("ana"));
        assertThat(((GenericRecord) envelope.get("trace")).get("trace_id")).isEqualTo("t-1");
        assertThat(podcast.avro().toSignal(envelope)).isEqualTo(signal);
        assertThat(podcast.avro().toEmission(podcast.avro().fromEmission(emissions.get(0))))
                .isEqualTo(emissions.get(0));
        assertThat(podcast.avro().toState(podcast.avro().fromState(state))).isEqualTo(state);
    }

    @Test
    void aBadNameOrNoEmissionTypeIsRefused() {
        assertThatThrownBy(() -> GameBinding.builder(new PodcastGame(), Listen.class, ListenerStats.class)
                .name("Pod Cast").emits(MilestoneReached.class).build()).hasMessageContaining("game name 'Pod Cast'");
        assertThatThrownBy(() -> GameBinding.builder(new PodcastGame(), Listen.class, ListenerStats.class).build())
                .hasMessageContaining("at least one emission payload type");
    }
}
