package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.cli.MetaspnCli;
import io.metaspn.streams.reference.Conformance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --embedded} as a user starts it (the packaged jar, its own JVM): other processes
 * produce to it and tail it through the printed broker and registry addresses, its HTTP endpoint answers
 * readiness and state queries, and SIGTERM closes it gracefully with exit status 0.
 */
class EmbeddedRunIT {
    private static final Path JAR = Path.of(System.getProperty("metaspn.jar", "target/metaspn-streams.jar"));
    private static final Pattern READY = Pattern.compile("embedded broker at (\\S+), schema registry (\\S+)");

    @Test
    void produceAndTailFromOutsideThenSigtermClosesGracefully(@TempDir Path dir) throws Exception {
        int httpPort = ProduceFailuresIT.closedPort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "run", "--embedded", "--embedded-data-dir", dir.resolve("kafka").toString(),
                "--state-dir", dir.resolve("state").toString(), "--stages", "m1", "--http-port",
                Integer.toString(httpPort), "--http-bind-address", "127.0.0.1");
        Path log = dir.resolve("run.log");
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Matcher ready = awaitLine(app, log, READY, Duration.ofSeconds(60));
            String bootstrap = ready.group(1);
            String registry = ready.group(2).replaceAll("[,.]$", "");
            Conformance.Fixture m1 = Conformance.fixtures().filter(f -> f.folder().equals("m1")).findFirst()
                    .orElseThrow();
            Path input = Files.write(dir.resolve("m1.jsonl"), m1.signalLines().subList(0, 10), StandardCharsets.UTF_8);

            assertThat(MetaspnCli.run("produce", "--stage", "m1", "--input", input.toString(), "--bootstrap-servers",
                    bootstrap, "--schema-registry-url", registry)).isZero();
            List<String> tailed = tail(bootstrap, registry);

            assertThat(tailed).hasSize(30);
            String endpoint = "http://127.0.0.1:" + httpPort;
            assertThat(Files.readString(log)).contains("metaspn-streams: HTTP endpoint at " + endpoint);
            HttpClient http = HttpClient.newHttpClient();
            Await.until("ready", Duration.ofSeconds(30), () -> http.send(HttpRequest.newBuilder(
                    URI.create(endpoint + "/health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200);
            HttpResponse<String> state = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/state/m1/"
                    + Conformance.parse(m1.signalLines().get(0)).get("payload").get("profile_id").asText())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(state.statusCode()).as(state.body()).isEqualTo(200);
            assertThat(state.body()).startsWith("{\"stage\":\"m1\",\"entity\":");
            assertThat(tailed.stream().map(l -> Conformance.parse(l).get("emission_id").asText()).sorted().toList())
                    .isEqualTo(m1.expectedLines().subList(0, 30).stream()
                            .map(l -> Conformance.parse(l).get("emission_id").asText()).sorted().toList());

            assertThat(slowClientHeldFor(httpPort)).as("a client that never finishes its request is cut off after"
                    + " the 5 s limit, though the embedded registry's HTTP server started first")
                    .isLessThan(Duration.ofSeconds(20));

            app.destroy();
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("closed within 60 s of SIGTERM").isTrue();
            assertThat(app.exitValue()).as("the JVM's status after SIGTERM (128 + 15)").isEqualTo(143);
            assertThat(Files.readAllLines(log, StandardCharsets.UTF_8)).contains("metaspn-streams: closed cleanly");
        } finally {
            app.destroyForcibly();
        }
    }

    /** How long the server keeps a connection whose request never ends (at most 30 s, then the test fails). */
    private static Duration slowClientHeldFor(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            long start = System.nanoTime();
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            try {
                while (socket.getInputStream().read() >= 0) {
                    // whatever the server answers before it closes the connection
                }
            } catch (SocketTimeoutException stillOpen) {
                return Duration.ofSeconds(30);
            } catch (IOException reset) {
                // closed by the server
            }
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }

    private static List<String> tail(String bootstrap, String registry) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(MetaspnCli.run("tail", "--stage", "m1", "--from-beginning", "--max", "30", "--timeout", "PT60S",
                    "--bootstrap-servers", bootstrap, "--schema-registry-url", registry)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Waits until a line of the process's log matches {@code pattern}. */
    private static Matcher awaitLine(Process process, Path log, Pattern pattern, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<String> seen = List.of();
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            seen = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            for (String line : seen) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no line matching " + pattern + " within " + timeout + "; output: " + seen);
    }
}
