package io.metaspn.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml validated by Debian's docker-compose 1.29.2 ({@code config -q}: schema, keys, depends_on
 * conditions, interpolation), no Docker daemon needed. .ci/run installs docker-compose with apt when it is missing;
 * without it (and without apt) this test is skipped, saying so.
 */
class DockerComposeConfigTest {
    private static Path dockerCompose;

    @BeforeAll
    static void findDockerCompose() {
        dockerCompose = onPath("docker-compose").orElse(null);
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }

    /** The exit status and both outputs of {@code docker-compose -f FILE config -q} run in {@code dir}. */
    private record Result(int status, String stdout, String stderr) {
    }

    private static Result config(Path dir, String file) throws Exception {
        Path out = Files.createTempFile("compose-out", ".txt");
        Path err = Files.createTempFile("compose-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(dockerCompose.toString(), "-f", file, "config", "-q")
                    .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // the file alone decides: no COMPOSE_* or DOCKER_* settings of the machine running the test
            builder.environment().keySet().removeIf(k -> k.startsWith("COMPOSE_") || k.startsWith("DOCKER_"));
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("docker-compose config did not finish within 60 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void dockerComposeAcceptsTheFileWithoutAnError() throws Exception {
        assumeTrue(dockerCompose != null, "docker-compose is not installed (Debian: apt-get install docker-compose;"
                + " .ci/run does it): docker-compose.yml not validated by it here");

        Result result = config(DeployFiles.ROOT, "docker-compose.yml");

        assertThat(result.stderr()).as("docker-compose's messages").isEmpty();
        assertThat(result.status()).isZero();
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void theValidatorRejectsWhatItsSchemaDoesNotKnow(@TempDir Path dir) throws Exception {
        assumeTrue(dockerCompose != null, "docker-compose is not installed (Debian: apt-get install docker-compose;"
                + " .ci/run does it): docker-compose.yml not validated by it here");
        // the same file with a key newer than docker-compose 1.29.2's schema: the check above is not vacuous
        String original = Files.readString(DeployFiles.ROOT.resolve("docker-compose.yml"), StandardCharsets.UTF_8);
        String newer = original.replaceFirst("(?m)^(\\s+)start_period: 60s$", "$1start_period: 60s\n$1start_interval: 2s");
        assertThat(newer).isNotEqualTo(original);
        Files.writeString(dir.resolve("docker-compose.yml"), newer, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("deploy/prometheus"));
        Files.copy(DeployFiles.ROOT.resolve("deploy/prometheus/prometheus.yml"),
                dir.resolve("deploy/prometheus/prometheus.yml"));

        Result result = config(dir, "docker-compose.yml");

        assertThat(result.status()).isNotZero();
        assertThat(result.stderr()).contains("start_interval");
        assertThat(List.of(result.stderr().split("\n"))).anyMatch(l -> l.contains("invalid"));
    }
}
