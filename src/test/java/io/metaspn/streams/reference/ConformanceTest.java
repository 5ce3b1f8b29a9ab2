package io.metaspn.streams.reference;

import io.metaspn.streams.game.reference.ReferenceBindings;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.cli.MetaspnCli;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.stages.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every conformance folder reproduces the reference engine's emissions, emission for emission. */
class ConformanceTest {

    static Stream<Conformance.Fixture> fixtures() {
        return Conformance.fixtures();
    }

    @ParameterizedTest(name = "{0} through the engine")
    @MethodSource("fixtures")
    void engineReproducesTheReference(Conformance.Fixture fixture) {
        List<String> actual = runThroughEngine(fixture.stage(), fixture.signalLines());

        assertThat(Conformance.differences(fixture.expectedLines(), actual)).isEmpty();
    }

    @ParameterizedTest(name = "{0} through the process command")
    @MethodSource("fixtures")
    void processCommandReproducesTheReference(Conformance.Fixture fixture, @TempDir Path dir) throws IOException {
        Path input = Files.write(dir.resolve("signals.jsonl"), fixture.signalLines(), StandardCharsets.UTF_8);
        Path output = dir.resolve("emissions.jsonl");
        List<String> args = new ArrayList<>(List.of("process", "--stage", fixture.stageName(),
                "--input", input.toString(), "--output", output.toString()));
        if (fixture.m4ConfigJson() != null) {
            args.addAll(List.of("--m4-config",
                    Files.writeString(dir.resolve("config.json"), fixture.m4ConfigJson()).toString()));
        }

        int status = MetaspnCli.run(args.toArray(String[]::new));

        assertThat(status).isZero();
        List<String> actual = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(Conformance.differences(fixture.expectedLines(), actual)).isEmpty();
        assertThat(actual).allSatisfy(line -> assertThat(Conformance.fields(line).get("timestamp").asText())
                .endsWith("Z"));
    }

    @Test
    void comparisonRuleDetectsADifferentPayloadNumber() {
        Conformance.Fixture m1 = Conformance.fixtures().filter(f -> f.folder().equals("m1")).findFirst().orElseThrow();
        List<String> expected = m1.expectedLines();
        List<String> tampered = new ArrayList<>(expected);
        tampered.set(1, expected.get(1).replace("\"score\": 0.272", "\"score\": 0.2721"));

        assertThat(tampered.get(1)).isNotEqualTo(expected.get(1));
        assertThat(Conformance.differences(expected, tampered)).containsExactly(
                "[1].payload.score: expected 0.272, got 0.2721");
    }

    @Test
    void fixturesAreACurrentCopyOfShared() throws IOException {
        Path shared = Path.of("..", "shared", "conformance");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared),
                "../shared/conformance is not beside this clone; nothing to compare the copy with");
        for (Conformance.Fixture fixture : Conformance.fixtures().toList()) {
            for (String file : List.of("signals.jsonl", "expected.jsonl")) {
                assertThat(Conformance.resource(fixture.folder() + "/" + file))
                        .as("src/test/resources/conformance/%s/%s is a copy of ../shared", fixture.folder(), file)
                        .isEqualTo(Files.readString(shared.resolve(fixture.folder()).resolve(file)));
            }
        }
    }

    static <T, S> List<String> runThroughEngine(Stage<T, S> stage, List<String> signalLines) {
        SignalJson<T> reader = new SignalJson<>(ReferenceBindings.of(stage)::decodePayload);
        Engine<T, S> engine = stage.engine();
        List<String> out = new ArrayList<>();
        for (String line : signalLines) {
            for (Emission<?> emission : engine.process(reader.parse(line))) {
                out.add(EmissionJsonWriter.toJson(emission));
            }
        }
        return out;
    }
}
