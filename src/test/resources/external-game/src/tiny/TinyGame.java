package tiny;

import io.metaspn.streams.engine.Checks;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.GameProtocol;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.Step;
import io.metaspn.streams.engine.StepResult;

/** A game written outside metaspn-streams: players tap for points; every tap emits the player's new total. */
public final class TinyGame implements GameProtocol<TinyGame.Tap, TinyGame.Score> {

    public record Tap(String player, long points) {
    }

    public record Score(long total, long taps) {
    }

    public record Scored(String player, long total, long taps) {
    }

    @Override
    public String name() {
        return "tiny";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Score initialState() {
        return new Score(0, 0);
    }

    @Override
    public Pipeline<Tap, Score> pipeline() {
        return Pipeline.<Tap, Score>named("tiny_taps").then(Step.of("score", (Signal<Tap> signal, Score score) -> {
            Score next = new Score(score.total() + signal.payload().points(), score.taps() + 1);
            return StepResult.of(Emission.of(signal, "scored", "tiny.scored",
                    new Scored(signal.payload().player(), next.total(), next.taps())), s -> next);
        }));
    }

    @Override
    public void validateSignal(Signal<Tap> signal) {
        Checks.nonEmpty(signal.payload().player(), "payload.player");
        Checks.nonNegative(signal.payload().points(), "payload.points");
    }
}
