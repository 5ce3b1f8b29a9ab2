package io.metaspn.streams.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Games from outside the project, on the packaged jar: a tiny game is compiled at test time from
 * src/test/resources/external-game (against the project's classes only) into its own jar with its
 * {@code META-INF/services} entry, and run by {@code java -cp metaspn-streams.jar:tiny.jar … MetaspnCli}: found by
 * ServiceLoader, nothing inside the project changed. The podcast example runs the same way from the jar alone.
 * {@code demo} runs on an embedded KRaft broker (exactly-once, Avro with the derived schemas, read_committed).
 */
class ExternalGameJarIT {
    private static final Path JAR = Path.of(System.getProperty("metaspn.jar", "target/metaspn-streams.jar"));
    private static final Path SOURCES = Path.of("src", "test", "resources", "external-game");

    @TempDir
    static Path build;
    private static Path tinyJar;

    record Result(int status, List<String> stdout, List<String> stderr) {
        List<JsonNode> summaries() {
            return stderr.stream().filter(line -> line.startsWith("{\"stage\"")).map(Conformance::parse).toList();
        }
    }

    @BeforeAll
    static void compileTheTinyGameIntoItsOwnJar() throws IOException {
        Path classes = Files.createDirectories(build.resolve("classes"));
        List<String> sources;
        try (Stream<Path> files = Files.walk(SOURCES.resolve("src"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path")));
        args.addAll(sources);
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac of the tiny game").isZero();

        tinyJar = build.resolve("tiny.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(tinyJar))) {
            add(jar, classes);
            add(jar, SOURCES.resolve("resources"));
        }
    }

    @Test
    void processFindsTheExternalGameOnTheClassPath(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out.jsonl");

        Result result = run(dir, true, List.of("process", "--stage", "tiny", "--input",
                SOURCES.resolve("resources/examples/tiny-signals.jsonl").toString(), "--output", output.toString()));

        assertThat(result.status()).as(String.join("\n", result.stderr())).isEqualTo(2);
        List<JsonNode> emissions = Files.readAllLines(output).stream().map(Conformance::parse).toList();
        assertThat(emissions).extracting(e -> e.get("emission_id").asText())
                .containsExactly("t1:scored", "t2:scored", "t3:scored");
        assertThat(emissions.get(2).get("payload").toString())
                .isEqualTo("{\"player\":\"ana\",\"total\":7,\"taps\":2}");
        assertThat(result.stderr()).anySatisfy(line -> assertThat(line).contains("t4")
                .contains("payload.points"));
    }

    @Test
    void demoRunsTheExternalGameOnTheBrokerWithItsDerivedSchemas(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out.jsonl");

        Result result = run(dir, true, List.of("demo", "--stage", "tiny", "--output", output.toString()));

        assertThat(result.status()).as(String.join("\n", result.stderr())).isZero();
        JsonNode summary = result.summaries().get(0);
        assertThat(summary.get("stage").asText()).isEqualTo("tiny");
        assertThat(summary.get("emissions").asInt()).isEqualTo(3);
        assertThat(summary.get("dead_letters").asInt()).isEqualTo(1);
        assertThat(Files.readAllLines(output).stream().map(Conformance::parse).map(e -> e.get("payload").toString()))
                .containsExactlyInAnyOrder("{\"player\":\"ana\",\"total\":3,\"taps\":1}",
                        "{\"player\":\"ben\",\"total\":5,\"taps\":1}", "{\"player\":\"ana\",\"total\":7,\"taps\":2}");
    }

    @Test
    void withoutTheGamesJarTheStageIsUnknownAndTheKnownOnesAreListed(@TempDir Path dir) throws Exception {
        Result result = run(dir, false, List.of("process", "--stage", "tiny", "--input", "-"));

        assertThat(result.status()).isEqualTo(64);
        assertThat(String.join("\n", result.stderr())).contains("unknown stage 'tiny'")
                .contains("m0, m1, m2, m3, m4, podcast");
    }

    @Test
    void demoRunsThePodcastExampleOnTheBroker(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out.jsonl");

        Result result = run(dir, false, List.of("demo", "--stage", "podcast", "--output", output.toString()));

        assertThat(result.status()).as(String.join("\n", result.stderr())).isZero();
        JsonNode summary = result.summaries().get(0);
        assertThat(summary.get("emissions").asInt()).isEqualTo(4);
        assertThat(summary.get("dead_letters").asInt()).isEqualTo(1);
        assertThat(summary.get("entities").asInt()).isEqualTo(2);
        assertThat(Files.readAllLines(output).stream().map(Conformance::parse)
                .map(e -> e.get("emission_id").asText()))
                .containsExactlyInAnyOrder("listen-3:milestone-1", "listen-4:milestone-2", "listen-4:milestone-3",
                        "listen-5:milestone-1");
    }

    private static void add(JarOutputStream jar, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(root.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
    }

    private static Result run(Path dir, boolean withTinyGame, List<String> args) throws Exception {
        assertThat(JAR).as("the packaged jar (run mvn package first)").exists();
        String classPath = withTinyGame ? JAR + File.pathSeparator + tinyJar : JAR.toString();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classPath, "io.metaspn.streams.cli.MetaspnCli"));
        command.addAll(args);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.flush();
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("metaspn-streams " + args + " did not finish within 120 s: "
                    + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }
}
