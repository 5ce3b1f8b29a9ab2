package io.metaspn.streams.bench;

import io.metaspn.streams.game.reference.ReferenceBindings;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.game.GameBinding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalGeneratorTest {

    @ParameterizedTest
    @ValueSource(strings = {"m0", "m1", "m2", "m3", "m4"})
    void theSameSeedGivesTheSameSignalsAndAnotherSeedOthers(String name) {
        GameBinding<?, ?> stage = ReferenceBindings.byName(name);
        SignalGenerator<?> first = SignalGenerator.of(stage, 7, 50);
        SignalGenerator<?> again = SignalGenerator.of(stage, 7, 50);
        SignalGenerator<?> other = SignalGenerator.of(stage, 8, 50);

        List<String> lines = LongStream.range(0, 200).mapToObj(first::line).toList();

        List<String> backwards = new ArrayList<>(LongStream.range(0, 200).map(i -> 199 - i).mapToObj(again::line)
                .toList());
        Collections.reverse(backwards);
        assertThat(backwards).isEqualTo(lines);
        assertThat(LongStream.range(0, 200).mapToObj(other::line).toList()).isNotEqualTo(lines);
    }

    @ParameterizedTest
    @ValueSource(strings = {"m0", "m1", "m2", "m3", "m4"})
    void everySignalIsValidHasAUniqueIdAndTheEntitiesAreExactlyE(String name) {
        check(ReferenceBindings.byName(name), 1_000, 37);
    }

    private static <T, S> void check(GameBinding<T, S> stage, int count, int entities) {
        SignalGenerator<T> generator = SignalGenerator.of(stage, 42, entities);
        Engine<T, S> engine = stage.engine();
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        long emissions = 0;
        for (long i = 0; i < count; i++) {
            Signal<T> signal = generator.signal(i); // throws when the stage's decoder refuses it
            ids.add(signal.signalId());
            keys.add(stage.entityKey(signal.payload()));
            assertThat(generator.entityKey(i)).isEqualTo(stage.entityKey(signal.payload()));
            List<Emission<?>> emitted = engine.process(signal);
            assertThat(emitted).extracting(Emission::emissionId)
                    .containsExactlyElementsOf(stage.expectedEmissionIds(signal.signalId()));
            emissions += emitted.size();
        }
        assertThat(ids).hasSize(count);
        assertThat(keys).hasSize(entities);
        assertThat(emissions).isEqualTo((long) count * stage.suffixes().size());
    }
}
