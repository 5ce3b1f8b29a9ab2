package io.metaspn.streams.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.examples.PodcastGame;
import io.metaspn.streams.examples.PodcastGame.Listen;
import io.metaspn.streams.examples.PodcastGame.ListenerStats;
import io.metaspn.streams.examples.PodcastGame.MilestoneReached;
import io.metaspn.streams.examples.kafka.PodcastGames;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.reference.ReferenceGames;
import io.metaspn.streams.kafka.OutputEncodingException;
import io.metaspn.streams.stages.M1Route;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GameTestDriverTest {
    private static final Instant T0 = Instant.parse("2026-01-01T08:00:00Z");

    @Test
    void aGameRunsOnTheTopologyInAFewLines() {
        try (GameTestDriver<Listen, ListenerStats> kafka = GameTestDriver.of(PodcastGames.podcast())) {
            kafka.pipeJson("{\"signal_id\": \"l1\", \"timestamp\": \"2026-01-01T08:00:00Z\", \"source\": \"app\","
                    + " \"payload\": {\"listener_id\": \"ana\", \"episode_id\": \"ep-1\", \"seconds\": 3700}}");
            kafka.pipe(new Listen("ana", "ep-2", 3600), T0.plusSeconds(4000), "l2");
            kafka.pipe(new Listen("ana", "ep-2", 3600), T0.plusSeconds(4000), "l2");

            assertThat(kafka.emissions()).extracting(Emission::payload).containsExactly(
                    new MilestoneReached("ana", 1, 3700, "ep-1"), new MilestoneReached("ana", 2, 7300, "ep-2"));
            assertThat(kafka.emissions()).isEmpty();
            assertThat(kafka.state("ana")).isEqualTo(new ListenerStats(List.of("ep-1", "ep-2"), 7300, 2));
            assertThat(kafka.state("ben")).isNull();
            assertThat(kafka.topics().signals()).isEqualTo("metaspn.podcast.signals.v1");
        }
    }

    @Test
    void refusedSignalsAreReadAsDeadLettersNamingTheField() {
        try (GameTestDriver<Listen, ListenerStats> kafka = GameTestDriver.of(PodcastGames.podcast())) {
            kafka.pipe(new Listen("ana", "ep-1", -60), T0, "bad");
            kafka.pipeBytes("not avro".getBytes(StandardCharsets.UTF_8));

            List<DeadLetter> deadLetters = kafka.deadLetters();
            assertThat(deadLetters).hasSize(2);
            assertThat(deadLetters.get(0).field()).isEqualTo("payload.seconds");
            assertThat(deadLetters.get(1).message()).isNotBlank();
            assertThat(kafka.emissions()).isEmpty();
            assertThat(kafka.state("ana")).isNull();
        }
    }

    @Test
    void aSignalWithoutAnEntityKeyIsDeadLetteredNotDroppedByTheRepartition() {
        GameBinding<Listen, ListenerStats> keyless = GameBinding.builder(new PodcastGame(), Listen.class,
                ListenerStats.class).entityKey(listen -> null).emits(MilestoneReached.class).build();
        try (GameTestDriver<Listen, ListenerStats> kafka = GameTestDriver.of(keyless)) {
            kafka.pipe(new Listen("ana", "ep-1", -60), T0, "invalid-and-keyless");
            kafka.pipe(new Listen("ana", "ep-1", 60), T0, "keyless");

            assertThat(kafka.deadLetters()).extracting(DeadLetter::field)
                    .as("the game's own rule first, then the missing key").containsExactly("payload.seconds", "payload");
            assertThat(kafka.emissions()).isEmpty();
        }
    }

    @Test
    void anOutputItsSchemaCannotHoldDeadLettersTheSignalAsTheStagesFaultNamingNoFieldOfIt() {
        GameBinding<Listen, ListenerStats> misdeclared = GameBinding.builder(new PodcastGame(), Listen.class,
                ListenerStats.class).entityKey(Listen::listenerId).emits(ListenerStats.class).build();
        try (GameTestDriver<Listen, ListenerStats> kafka = GameTestDriver.of(misdeclared)) {
            kafka.pipe(new Listen("ana", "ep-1", 30), T0, "quiet");
            kafka.pipe(new Listen("ana", "ep-1", 3600), T0.plusSeconds(60), "milestone");

            assertThat(kafka.deadLetters()).singleElement().satisfies(deadLetter -> {
                assertThat(deadLetter.error()).isEqualTo(OutputEncodingException.class.getName());
                assertThat(deadLetter.message()).startsWith("emission milestone:")
                        .contains("does not fit its schema", MilestoneReached.class.getName());
                assertThat(deadLetter.field()).isNull();
            });
            assertThat(kafka.emissions()).isEmpty();
            assertThat(kafka.state("ana")).as("the failed signal changed nothing").isEqualTo(
                    ListenerStats.INITIAL.withListen("ep-1", 30));
        }
    }

    @Test
    void theReferenceStagesRunThroughTheSameKit() {
        try (GameTestDriver<M1Route.Profile, M1Route.RouteState> kafka = GameTestDriver.of(ReferenceGames.m1())) {
            kafka.pipe(new M1Route.Profile("p1", "core", "email", 0.9, 0.8), T0, "s1");

            assertThat(kafka.emissions()).extracting(Emission::emissionId)
                    .containsExactlyElementsOf(ReferenceGames.m1().expectedEmissionIds("s1"));
            assertThat(kafka.state("p1")).isNotNull();
        }
    }
}
