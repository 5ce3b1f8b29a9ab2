package io.metaspn.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's mistake: one line and 64; an I/O failure: one line and 1; stack traces only with --verbose. */
class CliErrorsTest {

    record Result(int status, String stdout, List<String> stderr) {
    }

    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            int status = MetaspnCli.run(args);
            return new Result(status, capturedOut.toString(StandardCharsets.UTF_8),
                    capturedErr.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void runWithoutRegistryUrlIsAUsageErrorOfOneLine() {
        Result result = run("run", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(result.status()).isEqualTo(64);
        assertThat(result.stderr()).singleElement().asString()
                .startsWith("metaspn-streams run: ").contains("--schema-registry-url");
    }

    @Test
    void runWithTheEmissionSchemaNotRegisteredFailsAtOnceNamingTheSubjectAndTheCommandThatRegistersIt() {
        long started = System.nanoTime();
        Result result = run("run", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url",
                "mem://cli-errors-unregistered", "--stages", "m1", "--http-port", "0");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.stderr()).singleElement().asString()
                .startsWith("metaspn-streams run: ")
                .contains("metaspn.m1.emissions.v1-value")
                .contains("`metaspn-streams schemas register`");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(10));
    }

    @Test
    void tailWithoutRegistryUrlIsAUsageErrorOfOneLine() {
        Result result = run("tail", "--stage", "m1", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(result.status()).isEqualTo(64);
        assertThat(result.stderr()).singleElement().asString()
                .startsWith("metaspn-streams tail: ").contains("--schema-registry-url");
    }

    @Test
    void produceWithoutBootstrapServersIsAUsageErrorOfOneLine() {
        Result result = run("produce", "--stage", "m1", "--schema-registry-url", "mem://x");

        assertThat(result.status()).isEqualTo(64);
        assertThat(result.stderr()).singleElement().asString()
                .startsWith("metaspn-streams produce: bootstrap.servers is required");
    }

    @Test
    void aBadSettingIsAUsageErrorOfOneLine(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.properties"), "metaspn.dedup.retention=soon\n");

        Result result = run("schemas", "register", "--schema-registry-url", "mem://bad-setting", "--config",
                config.toString());

        assertThat(result.status()).isEqualTo(64);
        assertThat(result.stderr()).singleElement().asString()
                .startsWith("metaspn-streams schemas register: Invalid value soon for configuration"
                        + " metaspn.dedup.retention: must be");
    }

    @Test
    void aBadGameSettingIsAUsageErrorOfOneLineNamingItsFullKey(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("c.properties"), "metaspn.m4.early.conviction.multiplier=lots\n");

        Result result = run("schemas", "register", "--schema-registry-url", "mem://bad-game-setting", "--stages", "m4",
                "--config", config.toString());

        assertThat(result.status()).isEqualTo(64);
        assertThat(result.stderr()).singleElement().asString()
                .startsWith("metaspn-streams schemas register: Invalid value lots for configuration"
                        + " metaspn.m4.early.conviction.multiplier: ");
    }

    @Test
    void unknownStageAndUnknownOptionAreUsageErrorsOfOneLine() {
        assertThat(run("produce", "--stage", "m9", "--bootstrap-servers", "b:1", "--schema-registry-url", "mem://x"))
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(64);
                    assertThat(r.stderr()).singleElement().asString().contains("unknown stage 'm9'");
                });
        assertThat(run("process", "--stage", "m1", "--no-such-option")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(64);
            assertThat(r.stderr()).singleElement().asString().startsWith("metaspn-streams process: ");
        });
    }

    @Test
    void missingInputFileIsAnIoErrorOfOneLineNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing.jsonl");

        Result result = run("process", "--stage", "m1", "--input", missing.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.stderr()).containsExactly("metaspn-streams process: " + missing + ": no such file");
    }

    @Test
    void missingConfigFileIsAnIoErrorOfOneLine(@TempDir Path dir) {
        Path missing = dir.resolve("client.properties");

        Result result = run("produce", "--stage", "m1", "--config", missing.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.stderr()).singleElement().asString().contains(missing + ": no such file");
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) {
        Path missing = dir.resolve("missing.jsonl");

        Result quiet = run("process", "--stage", "m1", "--input", missing.toString());
        Result verbose = run("process", "--stage", "m1", "--input", missing.toString(), "--verbose");
        Result verboseFirst = run("--verbose", "run", "--bootstrap-servers", "b:1");

        assertThat(String.join("\n", quiet.stderr())).doesNotContain("\tat ");
        assertThat(verbose.status()).isEqualTo(1);
        assertThat(String.join("\n", verbose.stderr())).contains("NoSuchFileException", "\tat ")
                .endsWith("metaspn-streams process: " + missing + ": no such file");
        assertThat(verboseFirst.status()).isEqualTo(64);
        assertThat(String.join("\n", verboseFirst.stderr())).contains("\tat ");
    }

    @Test
    void registryCredentialsInAnErrorAreMasked() {
        Result result = run("schemas", "register", "--schema-registry-url", "http://admin:planted-pw-17@127.0.0.1:1",
                "--stages", "m1");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.stderr()).singleElement().asString().startsWith("metaspn-streams schemas register: ");
        assertThat(result.stdout() + result.stderr()).doesNotContain("planted-pw-17");
    }
}
