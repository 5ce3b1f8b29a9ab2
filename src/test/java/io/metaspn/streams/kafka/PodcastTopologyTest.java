package io.metaspn.streams.kafka;

import static io.metaspn.streams.kafka.TopologyHarness.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.examples.PodcastGame.Listen;
import io.metaspn.streams.examples.PodcastGame.ListenerStats;
import io.metaspn.streams.examples.PodcastGame.MilestoneReached;
import io.metaspn.streams.examples.kafka.PodcastGames;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.M4Rewards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The podcast example game on the topology, through its derived schemas: the same emissions as in process. */
class PodcastTopologyTest {
    private final String scope = "podcast-topology-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = SchemaRegistries.inMemory(scope);

    @TempDir
    Path stateDir;

    @AfterEach
    void dropRegistry() {
        SchemaRegistries.dropScope(scope);
    }

    @Test
    void theSampleListensGiveTheEnginesMilestonesAndTheInvalidOneIsDeadLettered() throws IOException {
        TopologyHarness<Listen, ListenerStats> harness = new TopologyHarness<>(PodcastGames.podcast(),
                StreamsSettings.defaults(M4Rewards.Config.DEFAULT), registry);
        List<String> lines = Files.readAllLines(Path.of("examples", "podcast-signals.jsonl")).stream()
                .filter(line -> !line.isBlank()).toList();
        Engine<Listen, ListenerStats> engine = PodcastGames.podcast().engine();
        List<String> expected = new ArrayList<>();
        int rejected = 0;
        for (String line : lines) {
            try {
                engine.process(harness.signal(line)).forEach(e -> expected.add(EmissionJsonWriter.toJson(e)));
            } catch (io.metaspn.streams.engine.ValidationException e) {
                rejected++;
            }
        }

        try (TopologyTestDriver driver = harness.driver(stateDir)) {
            for (String line : lines) {
                harness.pipe(driver, harness.signal(line));
            }
            List<TestRecord<String, byte[]>> records = harness.emissionRecords(driver);

            assertThat(rejected).isEqualTo(1);
            assertThat(expected).hasSize(4);
            assertThat(harness.emissionLines(records)).containsExactlyElementsOf(expected);
            Emission<Object> last = harness.emission(records.get(records.size() - 1));
            assertThat(last.payload()).isEqualTo(new MilestoneReached("ben", 1, 3700, "ep-2"));
            assertThat(records.get(records.size() - 1).key()).isEqualTo("ben");
            assertThat(header(records.get(0), "stage")).isEqualTo("podcast");
            assertThat(harness.state(driver, "ana")).isEqualTo(engine.getState("ana").value());
            assertThat(harness.state(driver, "ana")).isEqualTo(new ListenerStats(List.of("ep-1", "ep-2", "ep-3"),
                    11200, 3));
            List<TestRecord<byte[], byte[]>> deadLetters = harness.deadLetters(driver);
            assertThat(deadLetters).hasSize(1);
            assertThat(header(deadLetters.get(0), DeadLetterHandler.ERROR_MESSAGE)).contains("payload.seconds");
            assertThat(harness.state(driver, "cleo")).isNull();
        }
    }

    @Test
    void theTopicsAndSubjectsFollowTheGamesName() {
        StreamsSettings settings = StreamsSettings.defaults(M4Rewards.Config.DEFAULT)
                .withStages(List.of(PodcastGames.podcast()));
        StageTopics topics = settings.topics(settings.stages().get(0));

        assertThat(topics.signals()).isEqualTo("metaspn.podcast.signals.v1");
        assertThat(topics.emissions()).isEqualTo("metaspn.podcast.emissions.v1");
        assertThat(PodcastGames.podcast().avro().signalSchema().getFullName())
                .isEqualTo("io.metaspn.streams.games.podcast.PodcastSignal");
        Signal<Listen> signal = Signal.of(new Listen("ana", "ep-1", 60), java.time.Instant.parse(
                "2026-01-01T08:00:00.123456Z"), "podcast", "s1");
        assertThat(PodcastGames.podcast().avro().toSignal(PodcastGames.podcast().avro().fromSignal(signal)))
                .isEqualTo(signal);
    }
}
