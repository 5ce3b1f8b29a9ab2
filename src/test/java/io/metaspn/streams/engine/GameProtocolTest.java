package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GameProtocolTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");

    /** A game that only uses the protocol's defaults: one shared counter. */
    static class CounterGame implements GameProtocol<Integer, Integer> {
        @Override
        public String name() {
            return "counter";
        }

        @Override
        public String version() {
            return "0.1";
        }

        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Pipeline<Integer, Integer> pipeline() {
            return Pipeline.<Integer, Integer>named("count")
                    .then(Transforms.updateState((state, signal) -> state + signal.payload()))
                    .then(Transforms.emit("count.total", (signal, state) -> state));
        }
    }

    @Test
    void defaultsShareOneStateAndAcceptEverySignal() {
        CounterGame game = new CounterGame();
        Signal<Integer> signal = game.createSignal(-5, T0, "g1");

        assertThat(signal.source()).isEqualTo("counter");
        assertThat(signal.signalId()).isEqualTo("g1");
        assertThat(game.entityKey(signal)).isEqualTo(Engine.DEFAULT_KEY);
        game.validateSignal(signal);
        game.onEmission(Emission.of(signal, "x", "x", 1));

        Engine<Integer, Integer> engine = game.engine();
        engine.process(signal);
        engine.process(game.createSignal(8, T0.plusSeconds(1), "g2"));
        assertThat(engine.getState().value()).isEqualTo(3);
        assertThat(engine.keys()).containsExactly(Engine.DEFAULT_KEY);
    }

    @Test
    void engineWiresValidatorKeyAndEmissions() {
        List<Emission<?>> seen = new ArrayList<>();
        GameProtocol<Integer, Integer> game = new CounterGame() {
            @Override
            public void validateSignal(Signal<Integer> signal) {
                Checks.nonNegative(signal.payload(), "payload");
            }

            @Override
            public String entityKey(Signal<Integer> signal) {
                return signal.payload() % 2 == 0 ? "even" : "odd";
            }

            @Override
            public void onEmission(Emission<?> emission) {
                seen.add(emission);
            }
        };
        Engine<Integer, Integer> engine = game.engine();

        List<Emission<?>> returned = engine.processBatch(List.of(game.createSignal(2, T0, "a"),
                game.createSignal(3, T0, "b"), game.createSignal(4, T0, "c")));
        assertThatThrownBy(() -> engine.process(game.createSignal(-1, T0, "d")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("payload"));

        assertThat(seen).isEqualTo(returned);
        assertThat(engine.getState("even").value()).isEqualTo(6);
        assertThat(engine.getState("odd").value()).isEqualTo(3);
    }

    @Test
    void signalSourceFeedsEngineAndSinkFlushesOnClose() {
        SignalSource<Integer> source = () -> Stream.of(Signal.of(1, T0, "s", "a"), Signal.of(2, T0, "s", "b"));
        List<String> sunk = new ArrayList<>();
        Engine<Integer, Integer> engine = new CounterGame().engine();

        try (EmissionSink sink = new EmissionSink() {
            @Override
            public void accept(Emission<?> emission) {
                sunk.add(emission.emissionId());
            }

            @Override
            public void flush() {
                sunk.add("flushed");
            }
        }) {
            engine.stream(source.signals()).flatMap(p -> p.emissions().stream()).forEach(sink::accept);
        }

        assertThat(sunk).containsExactly("a:count.total", "b:count.total", "flushed");
        assertThat(source.signals().map(Signal::signalId).collect(Collectors.toList())).containsExactly("a", "b");
    }
}
