package io.metaspn.streams.stages;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.json.EmissionJsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Determinism, entity isolation and id shape, for every stage, over generated signals. */
class StagePropertiesTest {

    record Case<T, S>(Stage<T, S> stage, List<T> payloads) {
        List<Signal<T>> signals() {
            return StageSignals.signals(payloads);
        }

        @Override
        public String toString() {
            return stage.key() + " x" + payloads.size();
        }
    }

    @Provide
    Arbitrary<Case<?, ?>> cases() {
        return net.jqwik.api.Arbitraries.oneOf(
                StageSignals.m0().list().ofMaxSize(30).map(p -> new Case<>(new M0Ingest(), p)),
                StageSignals.m1().list().ofMaxSize(30).map(p -> new Case<>(new M1Route(), p)),
                StageSignals.m2().list().ofMaxSize(30).map(p -> new Case<>(new M2Shortlist(), p)),
                StageSignals.m3().list().ofMaxSize(30).map(p -> new Case<>(new M3Learning(), p)),
                StageSignals.m4().list().ofMaxSize(20).map(p -> new Case<>(new M4Rewards(), p)),
                StageSignals.m4().list().ofMaxSize(20)
                        .map(p -> new Case<>(new M4Rewards(new M4Rewards.Config(true, 1.25, 30)), p)));
    }

    @Property(tries = 200)
    void sameSignalsTwiceGiveByteIdenticalEmissions(@ForAll("cases") Case<?, ?> testCase) {
        assertThat(render(testCase)).isEqualTo(render(testCase));
    }

    @Property(tries = 200)
    void interleavingOtherEntitiesChangesNoEntitysEmissions(@ForAll("cases") Case<?, ?> testCase,
                                                            @ForAll long seed) {
        checkIsolation(testCase, new Random(seed));
    }

    @Property(tries = 200)
    void emissionIdsAreSignalIdColonSuffixInStepOrder(@ForAll("cases") Case<?, ?> testCase) {
        checkIds(testCase);
    }

    private static <T, S> void checkIsolation(Case<T, S> testCase, Random random) {
        List<Signal<T>> signals = testCase.signals();
        List<Signal<T>> shuffled = interleave(testCase.stage(), signals, random);

        assertThat(byEntity(testCase.stage(), shuffled)).isEqualTo(byEntity(testCase.stage(), signals));
    }

    private static <T, S> void checkIds(Case<T, S> testCase) {
        Engine<T, S> engine = testCase.stage().engine();
        for (Signal<T> signal : testCase.signals()) {
            List<String> ids = engine.process(signal).stream().map(Emission::emissionId).toList();
            assertThat(ids).isEqualTo(testCase.stage().expectedEmissionIds(signal.signalId()));
            assertThat(ids).allSatisfy(id -> assertThat(id).startsWith(signal.signalId() + ":"));
        }
    }

    /** A random shuffle that keeps each entity's own signals in their order. */
    private static <T, S> List<Signal<T>> interleave(Stage<T, S> stage, List<Signal<T>> signals, Random random) {
        Map<String, List<Signal<T>>> queues = new LinkedHashMap<>();
        for (Signal<T> signal : signals) {
            queues.computeIfAbsent(stage.entityKey(signal.payload()), k -> new ArrayList<>()).add(signal);
        }
        List<Signal<T>> out = new ArrayList<>(signals.size());
        List<List<Signal<T>>> open = new ArrayList<>(queues.values());
        while (!open.isEmpty()) {
            int pick = random.nextInt(open.size());
            out.add(open.get(pick).remove(0));
            if (open.get(pick).isEmpty()) {
                open.remove(pick);
            }
        }
        return out;
    }

    private static <T, S> Map<String, List<String>> byEntity(Stage<T, S> stage, List<Signal<T>> signals) {
        Engine<T, S> engine = stage.engine();
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Signal<T> signal : signals) {
            List<String> lines = out.computeIfAbsent(stage.entityKey(signal.payload()), k -> new ArrayList<>());
            for (Emission<?> emission : engine.process(signal)) {
                lines.add(EmissionJsonWriter.toJson(emission));
            }
        }
        return out;
    }

    private static <T, S> List<String> render(Case<T, S> testCase) {
        return testCase.stage().engine().processBatch(testCase.signals()).stream()
                .map(EmissionJsonWriter::toJson).toList();
    }
}
