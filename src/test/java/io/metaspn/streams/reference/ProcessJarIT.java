package io.metaspn.streams.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The packaged jar, run as a user runs it: {@code java -jar target/metaspn-streams.jar process ...}. */
class ProcessJarIT {
    private static final Path JAR = Path.of(System.getProperty("metaspn.jar", "target/metaspn-streams.jar"));

    record Result(int status, List<String> stdout, List<String> stderr) {
    }

    static Stream<Conformance.Fixture> fixtures() {
        return Conformance.fixtures();
    }

    @ParameterizedTest(name = "{0} through the jar, stdin to stdout")
    @MethodSource("fixtures")
    void jarReproducesTheReference(Conformance.Fixture fixture, @TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("signals.jsonl"), fixture.signalLines(), StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("process", "--stage", fixture.stageName()));
        if (fixture.m4ConfigJson() != null) {
            args.addAll(List.of("--m4-config", Files.writeString(dir.resolve("c.json"), fixture.m4ConfigJson())
                    .toString()));
        }

        Result result = runJar(args, input, dir);

        assertThat(result.stderr()).isEmpty();
        assertThat(result.status()).isZero();
        assertThat(Conformance.differences(fixture.expectedLines(), result.stdout())).isEmpty();
    }

    @Test
    void rejectedLineGoesToStderrAndExitStatusIsTwo(@TempDir Path dir) throws Exception {
        List<String> lines = Conformance.fixtures().filter(f -> f.folder().equals("m1")).findFirst().orElseThrow()
                .signalLines().subList(0, 2);
        Path input = Files.write(dir.resolve("in.jsonl"), List.of(lines.get(0),
                "{\"signal_id\": \"bad_1\", \"timestamp\": \"2026-02-06T12:00:00Z\", \"source\": \"s\", \"payload\": "
                        + "{\"profile_id\": \"p\", \"profile_tier\": \"core\", \"channel\": \"email\", "
                        + "\"quality_score\": \"high\", \"intent_score\": 0.5}}",
                lines.get(1)), StandardCharsets.UTF_8);

        Result result = runJar(List.of("process", "--stage", "m1", "--input", input.toString()), null, dir);

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.stdout()).hasSize(6);
        assertThat(result.stderr()).hasSize(1);
        JsonNode error = Conformance.parse(result.stderr().get(0));
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("signal_id").asText()).isEqualTo("bad_1");
        assertThat(error.get("field").asText()).isEqualTo("payload.quality_score");
        assertThat(error.get("error").asText()).contains("must be a number");
    }

    private static Result runJar(List<String> args, Path stdin, Path dir) throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged jar (run mvn package first)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(args);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }
}
