package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as a user runs it, stdout and stderr (log lines included) captured in files. */
final class JarProcess {
    static final Path JAR = Path.of(System.getProperty("metaspn.jar", "target/metaspn-streams.jar"));

    /** How a run ended. */
    record Result(int status, List<String> stdout, List<String> stderr, Duration elapsed) {
        /** Everything printed. */
        String output() {
            return String.join("\n", stdout) + "\n" + String.join("\n", stderr);
        }
    }

    private JarProcess() {
    }

    /** Runs {@code java [jvmOptions] -jar JAR args} to its end (at most 120 s); output in {@code outputs}. */
    static Result run(List<String> jvmOptions, List<String> args, Map<String, String> environment, Path outputs)
            throws Exception {
        Instant started = Instant.now();
        Process process = start(jvmOptions, args, environment, outputs);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not finish within 120 s: " + args);
        }
        return result(process, outputs, Duration.between(started, Instant.now()));
    }

    /** Starts {@code java [jvmOptions] -jar JAR args} with stdin empty; output in {@code outputs}. */
    static Process start(List<String> jvmOptions, List<String> args, Map<String, String> environment, Path outputs)
            throws IOException {
        assertThat(JAR).as("the packaged jar (run mvn package first)").exists();
        Files.createDirectories(outputs);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                new File("/dev/null"))).redirectOutput(outputs.resolve("stdout.txt").toFile())
                .redirectError(outputs.resolve("stderr.txt").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The result of an ended process started by {@link #start}. */
    static Result result(Process process, Path outputs, Duration elapsed) throws IOException {
        return new Result(process.exitValue(), Files.readAllLines(outputs.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readAllLines(outputs.resolve("stderr.txt"), StandardCharsets.UTF_8), elapsed);
    }
}
