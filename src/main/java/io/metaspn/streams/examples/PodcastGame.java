package io.metaspn.streams.examples;

import io.metaspn.streams.engine.Checks;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.EmissionSink;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.GameProtocol;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.Step;
import io.metaspn.streams.engine.StepResult;
import io.metaspn.streams.engine.Transforms;
import io.metaspn.streams.engine.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small game on the engine: listeners play podcast episodes, and every full hour of total
 * listening earns them a milestone. Each listener has their own {@link ListenerStats}; each
 * milestone is emitted once, as {@code podcast.milestone.reached}.
 */
public final class PodcastGame implements GameProtocol<PodcastGame.Listen, PodcastGame.ListenerStats> {
    /** The game's name, also the source of its signals. */
    public static final String NAME = "podcast";
    /** The game's version. */
    public static final String VERSION = "1.0.0";
    /** The emission type of a reached milestone. */
    public static final String MILESTONE_REACHED = "podcast.milestone.reached";
    /** The listening time of one milestone: an hour. */
    public static final long SECONDS_PER_MILESTONE = 3600;

    private final EmissionSink sink;

    /**
     * A listener played part of an episode. Checked by {@link #validateSignal}, not on construction,
     * so that a bad signal is rejected by the engine with the field at fault.
     *
     * @param listenerId who listened
     * @param episodeId  which episode
     * @param seconds    for how long (not negative)
     */
    public record Listen(String listenerId, String episodeId, long seconds) {
    }

    /**
     * One listener's progress.
     *
     * @param episodes          the distinct episodes listened to, in first-listen order
     * @param totalSeconds      the total listening time
     * @param milestonesReached how many milestones (full hours) were reached and emitted
     */
    public record ListenerStats(List<String> episodes, long totalSeconds, long milestonesReached) {
        /** A listener who has not listened yet. */
        public static final ListenerStats INITIAL = new ListenerStats(List.of(), 0, 0);

        public ListenerStats {
            episodes = List.copyOf(episodes);
        }

        /** These stats after listening to {@code episodeId} for {@code seconds}. */
        public ListenerStats withListen(String episodeId, long seconds) {
            List<String> more = episodes;
            if (!episodes.contains(episodeId)) {
                List<String> grown = new ArrayList<>(episodes);
                grown.add(episodeId);
                more = grown;
            }
            return new ListenerStats(more, totalSeconds + seconds, milestonesReached);
        }

        /** These stats with another count of reached milestones. */
        public ListenerStats withMilestonesReached(long newMilestonesReached) {
            return new ListenerStats(episodes, totalSeconds, newMilestonesReached);
        }
    }

    /**
     * The payload of a {@code podcast.milestone.reached} emission.
     *
     * @param listenerId   who reached it
     * @param hours        the milestone: this many full hours of listening
     * @param totalSeconds the listener's total listening time when it was reached
     * @param episodeId    the episode being played when it was reached
     */
    public record MilestoneReached(String listenerId, long hours, long totalSeconds, String episodeId) {
    }

    /** A game whose emissions go nowhere (read them from the engine's return values). */
    public PodcastGame() {
        this(emission -> { });
    }

    /** A game whose emissions also go to {@code sink}. */
    public PodcastGame(EmissionSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public ListenerStats initialState() {
        return ListenerStats.INITIAL;
    }

    /** Count the listen, then emit each milestone newly reached (one emission per full hour crossed). */
    @Override
    public Pipeline<Listen, ListenerStats> pipeline() {
        return Pipeline.<Listen, ListenerStats>named("podcast_listening")
                .then(Transforms.<Listen, ListenerStats>updateState(
                        (stats, signal) -> stats.withListen(signal.payload().episodeId(), signal.payload().seconds()))
                        .named("listen"))
                .then(Step.of("milestones", PodcastGame::milestones));
    }

    private static StepResult<ListenerStats> milestones(Signal<Listen> signal, ListenerStats stats) {
        long reached = stats.totalSeconds() / SECONDS_PER_MILESTONE;
        if (reached <= stats.milestonesReached()) {
            return StepResult.none();
        }
        List<Emission<?>> emissions = new ArrayList<>();
        for (long hours = stats.milestonesReached() + 1; hours <= reached; hours++) {
            emissions.add(Emission.of(signal, "milestone-" + hours, MILESTONE_REACHED,
                    new MilestoneReached(signal.payload().listenerId(), hours, stats.totalSeconds(),
                            signal.payload().episodeId())));
        }
        return StepResult.<ListenerStats>emit(emissions).withUpdater(s -> s.withMilestonesReached(reached));
    }

    /**
     * Rejects a listen without a listener or episode ({@code payload.listener_id},
     * {@code payload.episode_id}) or with negative seconds ({@code payload.seconds}).
     *
     * @throws ValidationException naming the field at fault
     */
    @Override
    public void validateSignal(Signal<Listen> signal) {
        Listen listen = signal.payload();
        Checks.nonEmpty(listen.listenerId(), "payload.listener_id");
        Checks.nonEmpty(listen.episodeId(), "payload.episode_id");
        Checks.nonNegative(listen.seconds(), "payload.seconds");
    }

    /** Each listener has their own stats. */
    @Override
    public String entityKey(Signal<Listen> signal) {
        return signal.payload().listenerId();
    }

    /** Passes the emission to this game's sink. */
    @Override
    public void onEmission(Emission<?> emission) {
        sink.accept(emission);
    }

    /** Plays a few listens and prints the milestones and each listener's stats. */
    public static void main(String[] args) {
        PodcastGame game = new PodcastGame(emission -> System.out.println(emission.emissionId() + " "
                + emission.emissionType() + " " + emission.payload()));
        Engine<Listen, ListenerStats> engine = game.engine();
        Instant start = Instant.parse("2026-01-01T08:00:00Z");
        engine.processBatch(List.of(
                game.createSignal(new Listen("ana", "ep-1", 2400), start, "listen-1"),
                game.createSignal(new Listen("ben", "ep-1", 1800), start.plusSeconds(600), "listen-2"),
                game.createSignal(new Listen("ana", "ep-2", 1500), start.plusSeconds(3000), "listen-3"),
                game.createSignal(new Listen("ana", "ep-3", 7300), start.plusSeconds(9000), "listen-4")));
        for (String listener : List.of("ana", "ben")) {
            System.out.println(listener + ": " + engine.getState(listener).value());
        }
    }
}
