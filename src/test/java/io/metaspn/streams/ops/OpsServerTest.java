package io.metaspn.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.it.Await;
import io.metaspn.streams.kafka.DeadLetterReason;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint over real HTTP before an application is attached (start-up): probes, metrics, errors as JSON
 * 4xx without stack traces, GET only, the bearer token and the switch-off of state queries.
 */
class OpsServerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OpsMetrics metrics;
    private OpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private OpsServer start(boolean stateQueries, Path tokenFile) throws Exception {
        metrics = new OpsMetrics(List.of("m1", "m2"));
        server = OpsServer.start(new OpsOptions("127.0.0.1", 0, stateQueries, tokenFile), metrics);
        return server;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whileTheApplicationStartsItIsAliveNotReadyAndMetricsAreServed() throws Exception {
        start(true, null);

        HttpResponse<String> live = get("/health/live");
        HttpResponse<String> ready = get("/health/ready");
        HttpResponse<String> scrape = get("/metrics");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\":\"UP\"", "\"state\":\"STARTING\"");
        assertThat(live.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(scrape.body()).contains("jvm_memory_used_bytes", "process_uptime_seconds",
                "metaspn_signals_processed_total{stage=\"m1\"} 0.0",
                "metaspn_dead_letters_total{reason=\"invalid\",stage=\"m2\"} 0.0");
        assertThat(get("/topology").statusCode()).isEqualTo(503);
        HttpResponse<String> state = get("/state/m1/p1");
        assertThat(state.statusCode()).isEqualTo(503);
        assertThat(state.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void theListenerCountsPerStageIntoTheScrape() throws Exception {
        start(true, null);
        metrics.processed("m1", 3, 2_000_000);
        metrics.processed("m1", 0, 200_000);
        metrics.duplicateSkipped("m2");
        metrics.deadLettered("m1", DeadLetterReason.STEP_FAILED);

        String scrape = get("/metrics").body();

        assertThat(scrape).contains("metaspn_signals_processed_total{stage=\"m1\"} 2.0",
                "metaspn_emissions_total{stage=\"m1\"} 3.0", "metaspn_duplicates_skipped_total{stage=\"m2\"} 1.0",
                "metaspn_dead_letters_total{reason=\"step_failed\",stage=\"m1\"} 1.0",
                "metaspn_processing_latency_seconds_bucket{stage=\"m1\",le=\"0.0025\"} 2",
                "metaspn_processing_latency_seconds_bucket{stage=\"m1\",le=\"0.001\"} 1",
                "metaspn_processing_latency_seconds_count{stage=\"m1\"} 2");
    }

    @Test
    void badRequestsGetJson4xxAndNeverAStackTrace() throws Exception {
        start(true, null);

        HttpResponse<String> notFound = get("/nothing/here");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(server.url() + "/health/live"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> malformed = get("/state/m1/%C3");
        HttpResponse<String> tooLong = get("/state/m1/" + "a".repeat(OpsServer.MAX_TARGET_LENGTH));
        HttpResponse<String> bigHeaders = get("/health/live", "X-Filler", "b".repeat(OpsServer.MAX_HEADER_BYTES));

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).startsWith("{\"error\":\"not found\"").contains("/state/{stage}/{entity}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).isEqualTo("{\"error\":\"the path's percent-encoded bytes are not UTF-8\"}");
        assertThat(tooLong.statusCode()).isEqualTo(414);
        assertThat(bigHeaders.statusCode()).isEqualTo(431);
        for (HttpResponse<String> response : List.of(notFound, post, malformed, tooLong, bigHeaders)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.body()).startsWith("{\"error\":").doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void aGetWithABodyAndGarbageOnTheWireAreRefused() throws Exception {
        start(true, null);

        String withBody = raw("GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
        String garbage = raw("\u0001\u0002 nonsense\r\n\r\n");
        String badTarget = raw("GET /state/m1/%zz HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(withBody).startsWith("HTTP/1.1 413");
        assertThat(garbage).startsWith("HTTP/1.1 4");
        assertThat(badTarget).startsWith("HTTP/1.1 4");
        assertThat(withBody + garbage + badTarget).doesNotContain("\tat ", ".java:");
        assertThat(get("/health/live").statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    void aTokenGuardsStateOnlyAndStateQueriesCanBeSwitchedOff(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t0ken\n");
        start(true, token);

        HttpResponse<String> none = get("/state/m1/p1");
        HttpResponse<String> wrong = get("/state/m1/p1", "Authorization", "Bearer nope");
        HttpResponse<String> right = get("/state/m1/p1", "Authorization", "Bearer t0ken");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("t0ken", "nope");
        assertThat(right.statusCode()).as("past the token: the application is starting").isEqualTo(503);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
        server.close();
        metrics.close();

        start(false, token);
        HttpResponse<String> off = get("/state/m1/p1", "Authorization", "Bearer t0ken");
        assertThat(off.statusCode()).isEqualTo(404);
        assertThat(off.body()).isEqualTo("{\"error\":\"state queries are switched off on this instance\"}");
    }

    @Test
    void anUnreadableTokenRefusesStateQueriesAndIsLoggedOncePerSpellNotPerRequest(@TempDir Path dir)
            throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t0ken\n");
        Logger log = Logger.getLogger(OpsServer.class.getName());
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage().contains("token file")) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            start(true, token);
            Files.writeString(token, "");
            Await.until("the emptied token file read", Duration.ofSeconds(10), () ->
                    get("/state/m1/p1", "Authorization", "Bearer t0ken").statusCode() == 503
                            && !logged.isEmpty());
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> refused = get("/state/m1/p1", "Authorization", "Bearer t0ken");
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.body()).contains("the token cannot be read");
            }
            assertThat(logged).extracting(LogRecord::getLevel)
                    .containsExactly(Level.WARNING);

            Files.writeString(token, "t0ken\n");
            Await.until("the token read again", Duration.ofSeconds(10), () ->
                    get("/state/m1/p1", "Authorization", "Bearer t0ken").body().contains("starting"));
            assertThat(logged).extracting(LogRecord::getLevel)
                    .containsExactly(Level.WARNING, Level.INFO);
            assertThat(logged).allSatisfy(record -> assertThat(record.getMessage()).doesNotContain("t0ken"));
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void aTakenPortFailsWithTheOptionsToChange() throws Exception {
        start(true, null);
        OpsMetrics other = new OpsMetrics(List.of());
        try {
            OpsServer.start(new OpsOptions("127.0.0.1", server.port(), true, null), other).close();
            throw new AssertionError("bound a taken port");
        } catch (java.io.IOException e) {
            assertThat(e.getMessage()).contains("127.0.0.1:" + server.port(), "--http-port", "0 to turn it off");
        } finally {
            other.close();
        }
    }

    @Test
    void aBindAddressThatIsNoAddressIsAUsageError() {
        metrics = new OpsMetrics(List.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpsServer.start(
                new OpsOptions("no-such-host.invalid", 0, true, null), metrics))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--http-bind-address");
    }

    /** Sends {@code request} as bytes and returns what comes back until the server closes or 2 s pass. */
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    if (answer.indexOf("\r\n\r\n") > 0 && answer.toString().contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException done) {
                // keep-alive: what came so far is the answer
            }
            return answer.toString();
        }
    }
}
