package io.metaspn.streams.ops;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's HTTP endpoint for operators, probes and scrapers (GET only):
 *
 * <ul>
 *   <li>{@code /health/live}: 200 while the Kafka Streams client is CREATED, REBALANCING or RUNNING (or the
 *       application is still being created), 503 after ERROR, PENDING_ERROR, PENDING_SHUTDOWN, NOT_RUNNING or when
 *       stream threads failed beyond the replacement budget;</li>
 *   <li>{@code /health/ready}: 200 only when RUNNING with every local store partition restored, else 503;</li>
 *   <li>{@code /metrics}: Prometheus text ({@link OpsMetrics});</li>
 *   <li>{@code /state/{stage}/{entity}}: the entity's state as JSON by interactive query, forwarded to the
 *       instance that owns the key (its {@code application.server}); can be switched off, and guarded by a
 *       bearer token read from a file;</li>
 *   <li>{@code /topology}: the topology description as text.</li>
 * </ul>
 *
 * <p>The server has its own small thread pool ({@value #THREADS} threads, {@value #QUEUE} queued connections;
 * beyond that a connection is closed at once), so a flood of requests or a slow client never takes a stream
 * thread's time: the only work shared with the stream threads is the state store read of a query. Requests with
 * a body, a request target longer than {@value #MAX_TARGET_LENGTH} characters or headers over
 * {@value #MAX_HEADER_BYTES} bytes are refused with 4xx; errors are JSON {@code {"error": "..."}}, never a stack
 * trace. A client that is slow to send its request holds a handler thread for at most 5 seconds (the JDK server's
 * {@code sun.net.httpserver.maxReqTime}, set unless given).
 *
 * <p>Start it before the application is created ({@code /health/live} then answers during start-up),
 * {@link #attach} the application once it exists, and close it after the application closed.
 */
public final class OpsServer implements AutoCloseable {
    /** The request handler threads. */
    static final int THREADS = 4;
    /** Connections waiting for a handler thread; more are closed. */
    static final int QUEUE = 32;
    /** The longest request target (path and query) accepted. */
    static final int MAX_TARGET_LENGTH = 2048;
    /** The most header bytes (names and values) accepted. */
    static final int MAX_HEADER_BYTES = 8192;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final System.Logger LOG = System.getLogger(OpsServer.class.getName());

    static {
        limitSlowClients();
    }

    /**
     * Bounds how long a slow client may hold a handler thread of any JDK HTTP server in this process (5 s to send
     * its request, 30 s to read the response; a value set by the user wins). The JDK reads these limits once, when
     * the process's first such server starts, so a command that starts another server first (the embedded schema
     * registry of {@code run --embedded} and {@code demo}) calls this before it.
     */
    public static void limitSlowClients() {
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", "5");
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", "30");
    }

    private final OpsOptions options;
    private final OpsMetrics metrics;
    private final BearerToken token;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final HttpClient client;
    private volatile MetaspnStreamsApp app;
    private volatile StateQueries queries;
    /** Whether the token file's unavailability was logged (once per spell, not per refused request). */
    private final AtomicBoolean tokenUnavailableLogged = new AtomicBoolean();
    private boolean closed;

    private OpsServer(OpsOptions options, OpsMetrics metrics) throws IOException {
        this.options = options;
        this.metrics = metrics;
        this.token = options.tokenFile() == null || !options.stateQueries() ? null : new BearerToken(options.tokenFile());
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "metaspn-http-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        InetSocketAddress address = new InetSocketAddress(options.bindAddress(), options.port());
        if (address.isUnresolved()) {
            executor.shutdownNow();
            throw new IllegalArgumentException("the HTTP bind address '" + options.bindAddress()
                    + "' names no address of this host (--http-bind-address)");
        }
        try {
            this.server = HttpServer.create(address, 0);
        } catch (BindException e) {
            executor.shutdownNow();
            throw new IOException("cannot listen on " + options.bindAddress() + ":" + options.port()
                    + " for the HTTP endpoint (" + e.getMessage() + "); choose another --http-port, or 0 to turn it off",
                    e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Starts serving on {@code options}' address; the metrics are served at once, health answers "starting" until
     * an application is {@link #attach attached}.
     *
     * @throws IOException when the port cannot be bound, or the token file cannot be read or is empty
     */
    public static OpsServer start(OpsOptions options, OpsMetrics metrics) throws IOException {
        return new OpsServer(options, metrics);
    }

    /** Serves {@code app}'s health, state and topology from now on. */
    public void attach(MetaspnStreamsApp app) {
        this.queries = new StateQueries(app, client);
        this.app = app;
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The endpoint's base URL, {@code http://<bind address>:<port>}. */
    public String url() {
        String host = options.bindAddress().contains(":") ? "[" + options.bindAddress() + "]" : options.bindAddress();
        return "http://" + host + ":" + port();
    }

    /** Stops serving (requests in progress get a second to finish). Closing again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(1);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Reply reply;
            try {
                reply = respond(exchange);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "HTTP " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getRawPath() + " failed", e);
                reply = Reply.error(500, "internal error");
            }
            send(exchange, reply);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "HTTP response not sent: " + e);
        }
    }

    private Reply respond(HttpExchange exchange) {
        String target = exchange.getRequestURI().toString();
        if (target.length() > MAX_TARGET_LENGTH) {
            return Reply.error(414, "the request target is longer than " + MAX_TARGET_LENGTH + " characters");
        }
        Headers headers = exchange.getRequestHeaders();
        if (headerBytes(headers) > MAX_HEADER_BYTES) {
            return Reply.error(431, "the request headers are larger than " + MAX_HEADER_BYTES + " bytes");
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            return Reply.error(405, "only GET is served").with("Allow", "GET");
        }
        if (hasBody(headers)) {
            return Reply.error(413, "a GET request has no body");
        }
        Route route;
        try {
            route = Route.parse(exchange.getRequestURI().getRawPath());
        } catch (Route.MalformedPathException e) {
            return Reply.error(400, e.getMessage());
        }
        MetaspnStreamsApp current = app;
        if (route instanceof Route.Live) {
            Health health = current == null ? new Health(null, 0, false) : OpsMetrics.health(current);
            return Reply.json(health.live() ? 200 : 503, health.body(health.live()));
        }
        if (route instanceof Route.Ready) {
            Health health = current == null ? new Health(null, 0, false) : OpsMetrics.health(current);
            return Reply.json(health.ready() ? 200 : 503, health.body(health.ready()));
        }
        if (route instanceof Route.Metrics) {
            return Reply.text(200, PROMETHEUS_TEXT, metrics.scrape());
        }
        if (route instanceof Route.Topology) {
            return current == null ? Reply.unavailable("the application is starting", StateQueries.RETRY_AFTER_SECONDS)
                    : Reply.text(200, Reply.TEXT, current.topology().describe().toString());
        }
        if (route instanceof Route.State state) {
            return state(state, headers).with("Cache-Control", "no-store");
        }
        return Reply.json(404, Reply.errorBody("not found").set("paths", Reply.MAPPER.valueToTree(Route.paths())));
    }

    private Reply state(Route.State route, Headers headers) {
        if (!options.stateQueries()) {
            return Reply.error(404, "state queries are switched off on this instance");
        }
        String authorization = headers.getFirst("Authorization");
        if (token != null) {
            BearerToken.Check check = token.check(authorization);
            if (check == BearerToken.Check.UNAVAILABLE) {
                if (tokenUnavailableLogged.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "the HTTP token file " + options.tokenFile()
                            + " cannot be read or is empty: state queries are refused until it can");
                }
            } else if (tokenUnavailableLogged.compareAndSet(true, false)) {
                LOG.log(System.Logger.Level.INFO, "the HTTP token file " + options.tokenFile() + " can be read again");
            }
            switch (check) {
                case ACCEPTED:
                    break;
                case UNAVAILABLE:
                    return Reply.error(503, "state queries are unavailable: the token cannot be read");
                case MISSING:
                    return Reply.error(401, "state queries need an Authorization: Bearer token")
                            .with("WWW-Authenticate", "Bearer realm=\"metaspn-streams\"");
                default:
                    return Reply.error(401, "the bearer token is not valid")
                            .with("WWW-Authenticate", "Bearer realm=\"metaspn-streams\", error=\"invalid_token\"");
            }
        }
        StateQueries current = queries;
        if (current == null) {
            return Reply.unavailable("the application is starting", StateQueries.RETRY_AFTER_SECONDS);
        }
        return current.query(route, authorization, headers.containsKey(StateQueries.FORWARDED_BY));
    }

    private static long headerBytes(Headers headers) {
        long bytes = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + value.length() + 4;
            }
        }
        return bytes;
    }

    private static boolean hasBody(Headers headers) {
        String length = headers.getFirst("Content-Length");
        return headers.containsKey("Transfer-Encoding") || (length != null && !length.trim().equals("0"));
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", reply.contentType());
        headers.set("X-Content-Type-Options", "nosniff");
        reply.headers().forEach(headers::set);
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }
}
