package io.metaspn.streams.cli;

import io.metaspn.streams.game.reference.ReferenceBindings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The sample signals shipped in examples/ stay valid: every line accepted, every expected emission written. */
class ExampleSignalsTest {

    @ParameterizedTest(name = "examples/{0}-signals.jsonl")
    @ValueSource(strings = {"m0", "m1", "m2", "m3", "m4"})
    void sampleSignalsAreAcceptedAndEmitEveryStep(String stage, @TempDir Path dir) throws IOException {
        Path input = Path.of("examples", stage + "-signals.jsonl");
        Path output = dir.resolve("out.jsonl");
        List<String> args = new ArrayList<>(List.of("process", "--stage", stage, "--input", input.toString(),
                "--output", output.toString()));
        if (stage.equals("m4")) {
            args.addAll(List.of("--m4-config", "examples/m4-config.json"));
        }

        int status = MetaspnCli.run(args.toArray(String[]::new));

        long signals = Files.readAllLines(input).stream().filter(line -> !line.isBlank()).count();
        int perSignal = ReferenceBindings.byName(stage).suffixes().size();
        assertThat(status).isZero();
        assertThat(Files.readAllLines(output, StandardCharsets.UTF_8)).hasSize((int) (signals * perSignal));
    }
}
