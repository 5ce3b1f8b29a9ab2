package io.metaspn.streams.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.State;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.examples.PodcastGame.ListenerStats;
import io.metaspn.streams.examples.PodcastGame.Listen;
import io.metaspn.streams.examples.PodcastGame.MilestoneReached;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodcastGameTest {
    private static final Instant T0 = Instant.parse("2026-01-01T08:00:00Z");

    private final List<Emission<?>> sunk = new ArrayList<>();
    private final PodcastGame game = new PodcastGame(sunk::add);
    private final Engine<Listen, ListenerStats> engine = game.engine();

    private Signal<Listen> listen(String id, String listener, String episode, long seconds, long at) {
        return game.createSignal(new Listen(listener, episode, seconds), T0.plusSeconds(at), id);
    }

    private static List<Object> payloads(List<Emission<?>> emissions) {
        List<Object> payloads = new ArrayList<>();
        emissions.forEach(e -> payloads.add(e.payload()));
        return payloads;
    }

    @Test
    void protocolBasics() {
        assertThat(game.name()).isEqualTo("podcast");
        assertThat(game.version()).isEqualTo("1.0.0");
        assertThat(game.initialState()).isEqualTo(ListenerStats.INITIAL);
        Signal<Listen> signal = listen("x", "ana", "ep", 1, 0);
        assertThat(signal.source()).isEqualTo("podcast");
        assertThat(signal.signalId()).isEqualTo("x");
        assertThat(game.entityKey(signal)).isEqualTo("ana");
    }

    @Test
    void keepsPerListenerStats() {
        engine.process(listen("1", "ana", "ep-1", 600, 0));
        engine.process(listen("2", "ben", "ep-9", 100, 10));
        engine.process(listen("3", "ana", "ep-2", 300, 20));
        engine.process(listen("4", "ana", "ep-1", 60, 30));

        assertThat(engine.getState("ana").value()).isEqualTo(new ListenerStats(List.of("ep-1", "ep-2"), 960, 0));
        assertThat(engine.getState("ben").value()).isEqualTo(new ListenerStats(List.of("ep-9"), 100, 0));
        assertThat(engine.keys()).containsExactlyInAnyOrder("ana", "ben");
    }

    @Test
    void emitsEachMilestoneOnce() {
        List<Emission<?>> all = new ArrayList<>();
        all.addAll(engine.process(listen("1", "ana", "ep-1", 3000, 0)));
        all.addAll(engine.process(listen("2", "ben", "ep-1", 3000, 1)));
        all.addAll(engine.process(listen("3", "ana", "ep-2", 600, 2)));
        all.addAll(engine.process(listen("4", "ana", "ep-2", 10, 3)));
        all.addAll(engine.process(listen("5", "ana", "ep-3", 7200, 4)));

        assertThat(payloads(all)).containsExactly(
                new MilestoneReached("ana", 1, 3600, "ep-2"),
                new MilestoneReached("ana", 2, 10810, "ep-3"),
                new MilestoneReached("ana", 3, 10810, "ep-3"));
        assertThat(all).extracting(Emission::emissionId).containsExactly("3:milestone-1", "5:milestone-2",
                "5:milestone-3");
        assertThat(all).extracting(Emission::emissionType).containsOnly(PodcastGame.MILESTONE_REACHED);
        assertThat(all).extracting(Emission::timestamp)
                .containsExactly(T0.plusSeconds(2), T0.plusSeconds(4), T0.plusSeconds(4));
        assertThat(engine.getState("ana").value().milestonesReached()).isEqualTo(3);
        assertThat(engine.getState("ben").value().milestonesReached()).isZero();
        assertThat(sunk).isEqualTo(all);
    }

    @Test
    void rejectsBadSignalsWithoutStateChange() {
        engine.process(listen("1", "ana", "ep-1", 3000, 0));
        State<ListenerStats> before = engine.getState("ana");

        assertThatThrownBy(() -> engine.process(listen("2", "ana", "ep-1", -5000, 1)))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("payload.seconds"));
        assertThatThrownBy(() -> engine.process(listen("3", "", "ep-1", 10, 2)))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("payload.listener_id"));
        assertThatThrownBy(() -> engine.process(listen("4", "ana", null, 10, 3)))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("payload.episode_id"));

        assertThat(engine.getState("ana")).isSameAs(before);
        assertThat(engine.keys()).containsExactly("ana");
        assertThat(engine.stats().errors()).isEqualTo(3);
        assertThat(sunk).isEmpty();
        assertThat(engine.process(listen("5", "ana", "ep-1", 600, 4))).hasSize(1);
    }

    @Test
    void listenerStatsAreImmutable() {
        List<String> episodes = new ArrayList<>(List.of("a"));
        ListenerStats stats = new ListenerStats(episodes, 1, 0);
        episodes.add("b");

        assertThat(stats.episodes()).containsExactly("a");
        assertThat(stats.withListen("a", 5)).isEqualTo(new ListenerStats(List.of("a"), 6, 0));
        assertThat(stats.withListen("c", 5).episodes()).containsExactly("a", "c");
        assertThat(stats.episodes()).containsExactly("a");
    }

    @Test
    void mainPlaysTheGame() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            PodcastGame.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);

        assertThat(printed).contains("listen-3:milestone-1", "listen-4:milestone-2", "listen-4:milestone-3")
                .doesNotContain("listen-2:milestone", "milestone-4")
                .contains("ben: ListenerStats[episodes=[ep-1], totalSeconds=1800, milestonesReached=0]");
    }
}
