package io.metaspn.streams.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy on 127.0.0.1 in front of a schema registry (the in-process {@link SchemaRegistryHttpServer}
 * or a real one): records every request, can answer the next requests itself with a given status and
 * body, and forwards the others. Its {@link #url()} has the target's base path, so a client uses it
 * in place of the target's URL.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    /** One request as received; the path is relative to the target's base path. */
    public record Request(String method, String path, String query, String contentType, String accept,
                   String authorization, String body) {
    }

    private record Answer(int status, String body) {
    }

    private final URI target;
    private final String basePath;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-injecting-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();

    private FaultInjectingProxy(String targetUrl) throws IOException {
        this.target = URI.create(targetUrl);
        String path = target.getRawPath() == null ? "" : target.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a proxy forwarding to the registry at the base URL (without user-info). */
    public static FaultInjectingProxy inFrontOf(String targetUrl) throws IOException {
        return new FaultInjectingProxy(targetUrl);
    }

    /** The base URL a client should use: this proxy's address with the target's base path. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
    }

    /** The proxy's address with {@code user:password@} in it (raw, as given), and the target's base path. */
    String urlWithUserInfo(String rawUserInfo) {
        return "http://" + rawUserInfo + "@127.0.0.1:" + server.getAddress().getPort() + basePath;
    }

    /** The requests received so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests were received for the method and path. */
    long count(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    /** Answers the next {@code n} requests with the status and a registry error body (error code 50003). */
    public void failNext(int n, int status) {
        answerNext(n, status, "{\"error_code\":50003,\"message\":\"failing on purpose\"}");
    }

    /** Answers the next {@code n} requests with the status and body, without forwarding them. */
    synchronized void answerNext(int n, int status, String body) {
        for (int i = 0; i < n; i++) {
            answers.add(new Answer(status, body));
        }
    }

    /** Forwards every request from now on (drops the answers still queued). */
    public synchronized void recover() {
        answers.clear();
    }

    private synchronized Answer nextAnswer() {
        return answers.poll();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String path = rawPath.startsWith(basePath) ? rawPath.substring(basePath.length()) : rawPath;
            requests.add(new Request(method, path, query, contentType, accept, authorization,
                    new String(body, StandardCharsets.UTF_8)));

            Answer answer = nextAnswer();
            if (answer != null) {
                respond(exchange, answer.status(), HttpSchemaRegistryClient.CONTENT_TYPE, answer.body());
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(rawPath + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                forward.header("Content-Type", contentType);
            }
            if (accept != null) {
                forward.header("Accept", accept);
            }
            if (authorization != null) {
                forward.header("Authorization", authorization);
            }
            HttpResponse<String> response;
            try {
                response = http.send(forward.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                respond(exchange, 502, "text/plain", "proxy: " + e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 502, "text/plain", "proxy: interrupted");
                return;
            }
            respond(exchange, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
