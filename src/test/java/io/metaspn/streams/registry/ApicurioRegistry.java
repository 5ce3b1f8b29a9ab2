package io.metaspn.streams.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Confluent-API schema registry for the integration tests: Apicurio Registry 2.4.2.Final with
 * in-memory storage, run from {@code tools/apicurio-registry} (built by {@code mvn verify} before the
 * integration tests) as a child JVM on a free local port. Its Confluent API is at {@link #url()}.
 * Closing stops the process; a shutdown hook stops it too if the test JVM exits first.
 */
public final class ApicurioRegistry implements AutoCloseable {

    /** The command that builds the runner jar, from the project directory. */
    public static final String BUILD_COMMAND = "mvn -B -f tools/apicurio-registry/pom.xml package";
    /** How long the registry may take to answer after its start. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static final String DEFAULT_JAR =
            "tools/apicurio-registry/target/apicurio-registry-runner-2.4.2.Final-runner.jar";

    private final Process process;
    private final Path log;
    private final int port;
    private final Duration startTime;
    private final Thread shutdownHook;

    private ApicurioRegistry(Process process, Path log, int port, Duration startTime, Thread shutdownHook) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.startTime = startTime;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts the registry from the runner jar named by the system property {@code apicurio.runner.jar}
     * (set by the build), or else {@value #DEFAULT_JAR}, and waits until it answers.
     *
     * @throws IllegalStateException when the jar is missing, or the registry exits or does not answer
     *     within {@link #START_TIMEOUT} (the message holds its output)
     */
    public static ApicurioRegistry start() {
        Path jar = Path.of(System.getProperty("apicurio.runner.jar", DEFAULT_JAR));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Apicurio Registry runner jar not found: " + jar.toAbsolutePath()
                    + "; build it with `" + BUILD_COMMAND + "` (mvn verify does so before the integration tests)");
        }
        return start(jar);
    }

    /** Starts the registry from the given runner jar and waits until it answers. */
    public static ApicurioRegistry start(Path jar) {
        long started = System.nanoTime();
        int port = freePort();
        Path log;
        Process process;
        try {
            log = Files.createTempFile("apicurio-registry-", ".log");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            // C1 only and the serial collector: ready in ~2.5-3.5 s instead of ~4-5 s on 2 busy cores
            process = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-jar", jar.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Apicurio Registry from " + jar, e);
        }
        Thread shutdownHook = new Thread(process::destroyForcibly, "apicurio-registry-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            awaitReady(process, baseUrl(port), log, started);
        } catch (RuntimeException e) {
            stop(process, log, shutdownHook);
            throw e;
        }
        return new ApicurioRegistry(process, log, port, Duration.ofNanos(System.nanoTime() - started), shutdownHook);
    }

    /** The base URL of the Confluent Schema Registry API, {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String url() {
        return baseUrl(port);
    }

    private static String baseUrl(int port) {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /** How long the registry took from process start to its first answer. */
    public Duration startTime() {
        return startTime;
    }

    /** The registry's output so far (its log). */
    public String output() {
        return output(log);
    }

    private static String output(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops the registry (SIGTERM, then SIGKILL after 10 s) and deletes its log. */
    @Override
    public void close() {
        stop(process, log, shutdownHook);
    }

    private static void stop(Process process, Path log, Thread shutdownHook) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }

    private static void awaitReady(Process process, String url, Path log, long started) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(Duration.ofSeconds(5))
                .GET().build();
        long deadline = started + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with status " + process.exitValue()
                        + " before answering on " + url + "; its output:\n" + output(log));
            }
            try {
                HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
        }
        throw new IllegalStateException("Apicurio Registry did not answer on " + url + "/subjects within "
                + START_TIMEOUT.toSeconds() + " s (last: " + last + "); its output:\n" + output(log));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
