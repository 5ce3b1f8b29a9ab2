package io.metaspn.streams.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code demo} through the packaged jar: an embedded KRaft broker, the stream application with
 * exactly-once, Avro in the wire format, emissions read with read_committed.
 */
class DemoJarIT {
    private static final Path JAR = Path.of(System.getProperty("metaspn.jar", "target/metaspn-streams.jar"));

    record Result(int status, List<String> stdout, List<String> stderr) {
        List<JsonNode> summaries() {
            return stderr.stream().filter(line -> line.startsWith("{\"stage\"")).map(Conformance::parse).toList();
        }
    }

    static Stream<Conformance.Fixture> fixtures() {
        return Conformance.fixtures();
    }

    @Test
    void demoRunsTheSampleSignalsOfEveryStageAndExitsZero(@TempDir Path dir) throws Exception {
        Result result = run(dir, List.of("demo"));

        assertThat(result.status()).isZero();
        assertThat(result.summaries()).extracting(s -> s.get("stage").asText())
                .containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(result.summaries()).allSatisfy(s -> {
            assertThat(s.get("signals").asInt()).isEqualTo(5);
            assertThat(s.get("dead_letters").asInt()).isZero();
        });
        int emissions = result.summaries().stream().mapToInt(s -> s.get("emissions").asInt()).sum();
        assertThat(result.stdout()).hasSize(emissions).hasSize(75);
    }

    @ParameterizedTest(name = "{0} through demo on the embedded broker")
    @MethodSource("fixtures")
    void everyConformanceFolderThroughTheBrokerPerEntityInOrder(Conformance.Fixture fixture, @TempDir Path dir)
            throws Exception {
        Path input = Files.write(dir.resolve("signals.jsonl"), fixture.signalLines(), StandardCharsets.UTF_8);
        Path output = dir.resolve("emissions.jsonl");
        List<String> args = new ArrayList<>(List.of("demo", "--stage", fixture.stageName(), "--input",
                input.toString(), "--output", output.toString()));
        if (fixture.m4ConfigJson() != null) {
            args.addAll(List.of("--m4-config", Files.writeString(dir.resolve("c.json"), fixture.m4ConfigJson())
                    .toString()));
        }

        Result result = run(dir, args);

        assertThat(result.status()).isZero();
        Map<String, String> entityOfSignal = Conformance.entityOfSignal(fixture.stage(), fixture.signalLines());
        Map<String, List<String>> expected = Conformance.byEntity(fixture.expectedLines(), entityOfSignal);
        Map<String, List<String>> actual = Conformance.byEntity(Files.readAllLines(output, StandardCharsets.UTF_8),
                entityOfSignal);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((entity, lines) -> assertThat(Conformance.differences(lines, actual.get(entity)))
                .as("entity %s", entity).isEmpty());
        assertThat(result.summaries().get(0).get("entities").asInt()).isEqualTo(expected.size());
    }

    @Test
    void invalidLinesAreProducedAsTheyAreAndCountedAsDeadLetters(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(Conformance.fixtures().filter(f -> f.folder().equals("m1")).findFirst()
                .orElseThrow().signalLines().subList(0, 3));
        lines.add("{\"signal_id\": \"bad\", \"timestamp\": \"nope\", \"source\": \"x\", \"payload\": {}}");
        lines.add("not json");
        Path input = Files.write(dir.resolve("mixed.jsonl"), lines, StandardCharsets.UTF_8);

        Result result = run(dir, List.of("demo", "--stage", "m1", "--input", input.toString(), "--output",
                dir.resolve("out.jsonl").toString()));

        assertThat(result.status()).isZero();
        JsonNode summary = result.summaries().get(0);
        assertThat(summary.get("signals").asInt()).isEqualTo(5);
        assertThat(summary.get("emissions").asInt()).isEqualTo(9);
        assertThat(summary.get("dead_letters").asInt()).isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(9);
    }

    private static Result run(Path dir, List<String> args) throws Exception {
        assertThat(JAR).as("the packaged jar (run mvn package first)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(args);
        Path out = dir.resolve("demo-stdout.txt");
        Path err = dir.resolve("demo-stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("demo did not finish within 120 s: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }
}
