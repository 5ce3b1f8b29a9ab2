package io.metaspn.streams.it;

import io.metaspn.streams.game.reference.ReferenceBindings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaspn.streams.jsonvalue.JsonValues;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.json.Timestamps;
import io.metaspn.streams.ops.OpsMetrics;
import io.metaspn.streams.ops.OpsOptions;
import io.metaspn.streams.ops.OpsServer;
import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.StageTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP endpoint of the running application on the real broker, asked with a real HTTP client: the probes
 * through start-up, running and close; Prometheus metrics with Kafka Streams' and the stage's series counting
 * what was processed; state queries (bearer token, 404s) answered from the state store; and two instances of one
 * application where a key owned by the other instance is forwarded there.
 */
class OpsEndpointIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TOKEN = "it-token-0123456789";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        List<AutoCloseable> reversed = new ArrayList<>(resources);
        Collections.reverse(reversed);
        for (AutoCloseable resource : reversed) {
            resource.close();
        }
    }

    /** One instance: probes, metrics, state, token and topology from start to close. */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void probesMetricsStateAndTopologyOfARunningInstance(@TempDir Path dir) throws Exception {
        Conformance.Fixture fixture = fixture("m1");
        Stage<?, ?> stage = fixture.stage();
        RealCluster cluster = open(new RealCluster(dir.resolve("kafka")));
        Map<String, Object> config = cluster.appConfig("ops-it", dir.resolve("state"), "m1");
        StageTopics topics = cluster.prepare(stage, new MetaspnConfig(config).settings(), 3);
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");

        OpsMetrics metrics = open(new OpsMetrics(List.of("m1")));
        OpsServer server = open(OpsServer.start(new OpsOptions("127.0.0.1", 0, true, token), metrics));
        String url = server.url();
        assertThat(get(url + "/health/live").statusCode()).as("live while the application is created").isEqualTo(200);
        assertThat(get(url + "/health/ready").statusCode()).isEqualTo(503);

        MetaspnStreamsApp app = open(MetaspnStreamsApp.create(config, metrics));
        metrics.bind(app);
        server.attach(app);
        assertThat(get(url + "/health/live").body()).contains("\"state\":\"CREATED\"");
        assertThat(get(url + "/health/ready").statusCode()).as("not ready before it runs").isEqualTo(503);
        app.start();
        Await.until("ready", TIMEOUT, () -> get(url + "/health/ready").statusCode() == 200);
        assertThat(get(url + "/health/ready").body()).contains("\"state\":\"RUNNING\"", "\"restoring_partitions\":0");

        List<String> lines = fixture.signalLines().subList(0, 30);
        cluster.produceSignals(stage, topics, lines);
        cluster.send(topics.signals(), List.<byte[][]>of(new byte[][] {"k".getBytes(StandardCharsets.UTF_8),
            "not avro".getBytes(StandardCharsets.UTF_8)}));
        cluster.awaitCaughtUp("ops-it", List.of(topics.signals(), "ops-it-" + topics.repartition() + "-repartition"),
                TIMEOUT);

        String scrape = get(url + "/metrics").body();
        assertThat(scrape).contains("kafka_stream_thread_", "jvm_memory_used_bytes", "process_cpu_usage");
        assertThat(value(scrape, "metaspn_signals_processed_total{stage=\"m1\"}")).isEqualTo(lines.size());
        assertThat(value(scrape, "metaspn_emissions_total{stage=\"m1\"}")).isEqualTo(lines.size() * 3);
        assertThat(value(scrape, "metaspn_dead_letters_total{reason=\"unreadable\",stage=\"m1\"}")).isEqualTo(1);
        assertThat(value(scrape, "metaspn_processing_latency_seconds_count{stage=\"m1\"}")).isEqualTo(lines.size());
        Map<String, ?> replay = RealCluster.replayStates(stage, lines);
        // RocksDB's estimate of the keys (estimate-num-keys), counted once the cache flushed at a commit
        AtomicReference<String> entries = new AtomicReference<>();
        try {
            Await.until("state entries counted", Duration.ofSeconds(20), () -> {
                String scraped = get(url + "/metrics").body();
                entries.set(series(scraped, "metaspn_state_entries"));
                return value(scraped, "metaspn_state_entries{stage=\"m1\"}") > 0;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last: " + entries.get(), e);
        }
        assertThat(value(get(url + "/metrics").body(), "metaspn_state_entries{stage=\"m1\"}"))
                .isBetween(1.0, 2.0 * replay.size());
        assertThat(value(scrape, "metaspn_ready")).isEqualTo(1);

        String entity = replay.keySet().iterator().next();
        HttpResponse<String> state = get(url + "/state/m1/" + entity, "Authorization", "Bearer " + TOKEN);
        assertThat(state.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(state.body());
        assertThat(body.get("stage").asText()).isEqualTo("m1");
        assertThat(body.get("entity").asText()).isEqualTo(entity);
        assertThat(body.get("value")).isEqualTo(JSON.readTree(JsonValues.write(replay.get(entity))));
        io.metaspn.streams.engine.State<?> expected = engineState(stage, lines, entity);
        assertThat(body.get("version").asLong()).isEqualTo(expected.version());
        assertThat(body.get("created_at").asText()).isEqualTo(Timestamps.format(expected.createdAt()));
        assertThat(body.get("updated_at").asText()).isEqualTo(Timestamps.format(expected.updatedAt()));
        assertThat(get(url + "/state/m1/" + entity).statusCode()).as("no token").isEqualTo(401);
        assertThat(get(url + "/state/m1/" + entity, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> unknownEntity = get(url + "/state/m1/nobody", "Authorization", "Bearer " + TOKEN);
        assertThat(unknownEntity.statusCode()).isEqualTo(404);
        assertThat(unknownEntity.body()).contains("no state for entity 'nobody' in stage m1");
        HttpResponse<String> unknownStage = get(url + "/state/m9/" + entity, "Authorization", "Bearer " + TOKEN);
        assertThat(unknownStage.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknownStage.body()).get("stages").toString()).isEqualTo("[\"m1\"]");
        HttpResponse<String> topology = get(url + "/topology");
        assertThat(topology.statusCode()).isEqualTo(200);
        assertThat(topology.body()).isEqualTo(app.topology().describe().toString()).contains("m1-process");

        assertThat(app.close(Duration.ofSeconds(30))).isTrue();
        HttpResponse<String> closed = get(url + "/health/live");
        assertThat(closed.statusCode()).as("not live once closed").isEqualTo(503);
        assertThat(closed.body()).contains("\"state\":\"NOT_RUNNING\"");
        assertThat(get(url + "/health/ready").statusCode()).isEqualTo(503);
    }

    /** Two instances of one application: a key the other instance owns is answered by it, through this one. */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aKeyOwnedByTheOtherInstanceIsForwardedThere(@TempDir Path dir) throws Exception {
        Conformance.Fixture fixture = fixture("m1");
        Stage<?, ?> stage = fixture.stage();
        RealCluster cluster = open(new RealCluster(dir.resolve("kafka")));
        String appId = "ops-two-it";
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        StageTopics topics = cluster.prepare(stage,
                new MetaspnConfig(cluster.appConfig(appId, dir.resolve("state-a"), "m1")).settings(), 4);
        Instance a = instance(cluster, appId, dir.resolve("state-a"), token);
        Instance b = instance(cluster, appId, dir.resolve("state-b"), token);
        a.app.start();
        b.app.start();
        Await.until("both instances ready, each knowing the other", TIMEOUT, () -> a.ready() && b.ready()
                && a.app.streams().metadataForAllStreamsClients().size() == 2
                && b.app.streams().metadataForAllStreamsClients().size() == 2
                && !a.app.streams().metadataForLocalThreads().iterator().next().activeTasks().isEmpty()
                && !b.app.streams().metadataForLocalThreads().iterator().next().activeTasks().isEmpty());

        List<String> lines = fixture.signalLines().subList(0, 40);
        cluster.produceSignals(stage, topics, lines);
        cluster.awaitCaughtUp(appId, List.of(topics.signals(), appId + "-" + topics.repartition() + "-repartition"),
                TIMEOUT);
        Map<String, ?> replay = RealCluster.replayStates(stage, lines);

        int forwarded = 0;
        for (Map.Entry<String, ?> entry : replay.entrySet()) {
            String expected = JSON.readTree(JsonValues.write(entry.getValue())).toString();
            HttpResponse<String> viaA = a.state(entry.getKey());
            HttpResponse<String> viaB = b.state(entry.getKey());
            assertThat(viaA.statusCode()).as("%s via a", entry.getKey()).isEqualTo(200);
            assertThat(viaB.statusCode()).as("%s via b", entry.getKey()).isEqualTo(200);
            assertThat(JSON.readTree(viaA.body()).get("value").toString()).isEqualTo(expected);
            assertThat(viaA.body()).isEqualTo(viaB.body());
            String owner = viaA.headers().firstValue("X-Metaspn-Served-By").orElseThrow();
            assertThat(viaB.headers().firstValue("X-Metaspn-Served-By")).hasValue(owner);
            if (owner.equals(b.server())) {
                forwarded++;
                assertThat(get(a.url + "/state/m1/" + entry.getKey()).statusCode()).as("no token at a").isEqualTo(401);
                HttpResponse<String> twice = get(b.url.replace(b.server(), a.server()) + "/state/m1/" + entry.getKey(),
                        "Authorization", "Bearer " + TOKEN, "X-Metaspn-Forwarded-By", b.server());
                assertThat(twice.statusCode()).as("a forwarded request is never forwarded again").isEqualTo(503);
                assertThat(twice.headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(forwarded).as("entities owned by b, asked at a").isPositive();
        assertThat(forwarded).as("entities owned by a").isLessThan(replay.size());
        assertThat(a.state("nobody").statusCode()).isEqualTo(404);
    }

    /** One instance with its own HTTP endpoint, reachable at its application.server. */
    private final class Instance {
        final MetaspnStreamsApp app;
        final String url;

        Instance(MetaspnStreamsApp app, String url) {
            this.app = app;
            this.url = url;
        }

        String server() {
            return url.substring("http://".length());
        }

        boolean ready() throws Exception {
            return get(url + "/health/ready").statusCode() == 200;
        }

        HttpResponse<String> state(String entity) throws Exception {
            return get(url + "/state/m1/" + entity, "Authorization", "Bearer " + TOKEN);
        }
    }

    private Instance instance(RealCluster cluster, String appId, Path stateDir, Path token) throws Exception {
        OpsMetrics metrics = open(new OpsMetrics(List.of("m1")));
        OpsServer server = open(OpsServer.start(new OpsOptions("127.0.0.1", 0, true, token), metrics));
        Map<String, Object> config = cluster.appConfig(appId, stateDir, "m1");
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + server.port());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500");
        MetaspnStreamsApp app = open(MetaspnStreamsApp.create(config, metrics));
        metrics.bind(app);
        server.attach(app);
        return new Instance(app, server.url());
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the series {@code series} (name and labels as printed) in a Prometheus scrape. */
    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(matcher.find()).as("series %s in the scrape", series).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** The engine's state of {@code entity} after {@code lines}: its version and times. */
    private static <T, S> io.metaspn.streams.engine.State<S> engineState(Stage<T, S> stage, List<String> lines,
                                                                         String entity) {
        io.metaspn.streams.engine.Engine<T, S> engine = stage.engine();
        SignalJson<T> json = new SignalJson<>(ReferenceBindings.of(stage)::decodePayload);
        lines.forEach(line -> engine.process(json.parse(line)));
        return engine.getState(entity);
    }

    /** The lines of a scrape that start with {@code name}. */
    private static String series(String scrape, String name) {
        return String.join("\n", scrape.lines().filter(line -> line.startsWith(name)).toList());
    }

    private static Conformance.Fixture fixture(String folder) {
        return Conformance.fixtures().filter(f -> f.folder().equals(folder)).findFirst().orElseThrow();
    }

    private <C extends AutoCloseable> C open(C resource) {
        resources.add(resource);
        return resource;
    }
}
