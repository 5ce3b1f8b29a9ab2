package io.metaspn.streams.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.examples.QuickStart.NewHighScore;
import io.metaspn.streams.examples.QuickStart.ScoreEvent;
import io.metaspn.streams.examples.QuickStart.ScoreState;
import io.metaspn.streams.json.EmissionJsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickStartTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Signal<ScoreEvent> score(String id, String user, double value, long second) {
        return Signal.of(new ScoreEvent(user, value), T0.plusSeconds(second), "test", id);
    }

    @Test
    void emitsForNewHighsOnlyWithThePreviousHigh() {
        Engine<ScoreEvent, ScoreState> engine = QuickStart.engine();

        List<Emission<?>> emissions = engine.processBatch(List.of(
                score("s1", "alice", 50, 0),
                score("s2", "bob", 40, 1),
                score("s3", "carol", 50, 2),
                score("s4", "bob", 80, 3),
                score("s5", "alice", 79.5, 4),
                score("s6", "dan", 81, 5)));

        List<Object> payloads = new ArrayList<>();
        emissions.forEach(e -> payloads.add(e.payload()));
        assertThat(payloads).containsExactly(
                new NewHighScore("alice", 50, 0),
                new NewHighScore("bob", 80, 50),
                new NewHighScore("dan", 81, 80));
        assertThat(emissions).extracting(Emission::emissionType).containsOnly(QuickStart.NEW_HIGH_SCORE);
        assertThat(emissions).extracting(Emission::emissionId)
                .containsExactly("s1:new_high_score", "s4:new_high_score", "s6:new_high_score");
        assertThat(emissions).extracting(Emission::timestamp)
                .containsExactly(T0, T0.plusSeconds(3), T0.plusSeconds(5));
    }

    @Test
    void stateCountsEveryEvent() {
        Engine<ScoreEvent, ScoreState> engine = QuickStart.engine();
        engine.processBatch(List.of(score("s1", "a", 10, 0), score("s2", "b", 30, 1), score("s3", "c", 20, 2)));

        assertThat(engine.getState().value()).isEqualTo(new ScoreState(3, 60, 30));
        assertThat(engine.getState().version()).isEqualTo(3);
    }

    @Test
    void checkRunsBeforeTheUpdate() {
        ScoreState state = new ScoreState(1, 10, 10);
        var result = QuickStart.pipeline().run(score("s", "u", 11, 0), state);

        assertThat(result.emissions()).singleElement()
                .extracting(Emission::payload).isEqualTo(new NewHighScore("u", 11, 10));
        assertThat(result.state()).isEqualTo(new ScoreState(2, 21, 11));
    }

    @Test
    void withersAndValidation() {
        ScoreState state = ScoreState.INITIAL.withTotalSignals(2).withRunningTotal(3.5).withHighScore(2);
        assertThat(state).isEqualTo(new ScoreState(2, 3.5, 2));
        assertThatThrownBy(() -> new ScoreEvent("", 1))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("user_id"));
        assertThatThrownBy(() -> new ScoreEvent("u", Double.NaN))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("score"));
    }

    @Test
    void payloadJsonUsesSnakeCaseNames() {
        Emission<?> emission = QuickStart.engine().process(score("s1", "alice", 50.5, 0)).get(0);

        assertThat(EmissionJsonWriter.toJson(emission)).contains(
                "\"payload\":{\"user_id\":\"alice\",\"score\":50.5,\"previous_high\":0.0}");
    }

    @Test
    void mainPrintsTheEmissions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);

        assertThat(printed).contains("score-1:new_high_score", "score-2:new_high_score", "score-4:new_high_score")
                .doesNotContain("score-3:new_high_score")
                .contains("previousHigh=80.0");
    }
}
