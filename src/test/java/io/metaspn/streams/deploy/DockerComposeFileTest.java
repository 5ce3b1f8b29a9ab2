package io.metaspn.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml read as data: the services the issue asks for, a health check on each long-running one, the
 * start order through depends_on conditions, ports, volumes, and environment variables the CLI really reads.
 */
class DockerComposeFileTest {
    private static final List<String> LONG_RUNNING = List.of("kafka", "schema-registry", "app", "prometheus");
    private static final Pattern CLI_CALL = Pattern.compile("/opt/metaspn/metaspn-streams\\.jar ((?:[a-z]+)(?: [a-z]+)?)");

    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void read() throws Exception {
        compose = DeployFiles.yaml("docker-compose.yml");
        services = compose.get("services");
    }

    private static JsonNode service(String name) {
        JsonNode service = services.get(name);
        assertThat(service).as("service %s", name).isNotNull();
        return service;
    }

    private static Map<String, String> environment(String name) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode node = service(name).path("environment");
        assertThat(node.isObject() || node.isMissingNode()).as("%s: environment as a map", name).isTrue();
        node.fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
        return environment;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }

    private static String condition(String service, String dependency) {
        return service(service).path("depends_on").path(dependency).path("condition").asText(null);
    }

    /** "45s", "1m30s" → a Duration. */
    private static Duration composeDuration(String value) {
        Matcher matcher = Pattern.compile("(?:(\\d+)m)?(?:(\\d+)s)?").matcher(value);
        assertThat(matcher.matches()).as("a compose duration: %s", value).isTrue();
        long minutes = matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1));
        long seconds = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2));
        return Duration.ofMinutes(minutes).plusSeconds(seconds);
    }

    @Test
    void theServicesTheIssueAsksFor() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactlyInAnyOrder("kafka", "schema-registry", "init", "app", "prometheus");
        assertThat(compose.has("version")).as("no obsolete version key").isFalse();
    }

    @Test
    void kafkaIsOneKraftNodeWithOneReplicaForItsInternalTopics() {
        Map<String, String> kafka = environment("kafka");

        assertThat(service("kafka").path("image").asText()).startsWith("apache/kafka:4.");
        assertThat(kafka).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_NODE_ID", "1").containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        assertThat(kafka.get("CLUSTER_ID")).isNotBlank();
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("PLAINTEXT://kafka:9092")
                .contains("HOST://localhost:9094");
        assertThat(strings(service("kafka").path("ports"))).containsExactly("127.0.0.1:9094:9094");
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndInitIsOneShot() {
        for (String name : LONG_RUNNING) {
            JsonNode healthcheck = service(name).path("healthcheck");
            List<String> test = strings(healthcheck.path("test"));
            assertThat(test).as("%s healthcheck", name).isNotEmpty();
            assertThat(test.get(0)).as("%s healthcheck form", name).isIn("CMD", "CMD-SHELL");
            assertThat(healthcheck.path("interval").asText()).as("%s interval", name).isNotEmpty();
            assertThat(healthcheck.path("retries").asInt()).as("%s retries", name).isPositive();
        }
        assertThat(service("init").has("healthcheck")).isFalse();
        assertThat(service("init").path("restart").asText()).isEqualTo("no");
        assertThat(strings(service("kafka").path("healthcheck").path("test")))
                .contains("/opt/kafka/bin/kafka-broker-api-versions.sh", "localhost:9092");
        assertThat(strings(service("schema-registry").path("healthcheck").path("test")))
                .contains("http://localhost:8081/subjects");
    }

    @Test
    void startOrderKafkaThenRegistryThenInitThenTheApp() {
        assertThat(condition("schema-registry", "kafka")).isEqualTo("service_healthy");
        assertThat(condition("init", "kafka")).isEqualTo("service_healthy");
        assertThat(condition("init", "schema-registry")).isEqualTo("service_healthy");
        assertThat(condition("app", "init")).isEqualTo("service_completed_successfully");
        assertThat(condition("app", "kafka")).isEqualTo("service_healthy");
        assertThat(condition("app", "schema-registry")).isEqualTo("service_healthy");
        assertThat(condition("prometheus", "app")).isNotNull();
    }

    @Test
    void initCreatesTheTopicsWithOneReplicaAndRegistersTheSchemasWithTheAppImage() throws Exception {
        String script = String.join(" ", strings(service("init").path("entrypoint")))
                + " " + String.join(" ", strings(service("init").path("command")));
        List<String> calls = cliCalls("init");

        assertThat(calls).containsExactly("topics create", "schemas register");
        assertThat(script).contains("topics create --replication-factor 1").contains(" && ");
        assertThat(service("init").path("image").asText()).isEqualTo(service("app").path("image").asText())
                .isEqualTo("metaspn/metaspn-streams:" + DeployFiles.imageTag());
        assertThat(service("init").path("build")).isEqualTo(service("app").path("build"));
        assertThat(service("app").path("build").path("context").asText()).isEqualTo(".");
        assertThat(service("app").path("build").path("dockerfile").asText()).isEqualTo("Dockerfile");
    }

    /** The CLI commands a service runs: its command, or every {@code metaspn-streams.jar <command>} of its script. */
    private static List<String> cliCalls(String name) {
        JsonNode service = service(name);
        String script = String.join(" ", strings(service.path("entrypoint"))) + " "
                + String.join(" ", strings(service.path("command")));
        List<String> calls = new ArrayList<>();
        if (!service.has("entrypoint")) {
            List<String> command = strings(service.path("command"));
            calls.add(command.isEmpty() ? "run" : command.get(0));
            return calls;
        }
        Matcher matcher = CLI_CALL.matcher(script);
        while (matcher.find()) {
            calls.add(matcher.group(1));
        }
        return calls;
    }

    @Test
    void everyMetaspnVariableIsAnOptionOfTheCommandsItIsGivenTo() {
        for (String name : List.of("init", "app")) {
            List<String> calls = cliCalls(name);
            assertThat(calls).as("%s runs the CLI", name).isNotEmpty();
            for (String call : calls) {
                Set<String> known = DeployFiles.variablesOf(call.split(" "));
                for (String variable : environment(name).keySet()) {
                    if (variable.startsWith("METASPN_")) {
                        assertThat(known).as("%s: %s is read by '%s'", name, variable, call).contains(variable);
                    }
                }
            }
        }
        // and nothing but the app image reads METASPN_* variables
        for (String name : List.of("kafka", "schema-registry", "prometheus")) {
            assertThat(environment(name).keySet()).noneMatch(v -> v.startsWith("METASPN_"));
        }
    }

    @Test
    void theAppTalksToTheServicesOfThisFile() {
        Map<String, String> app = environment("app");
        Map<String, String> init = environment("init");

        for (Map<String, String> environment : List.of(app, init)) {
            assertThat(environment).containsEntry("METASPN_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("METASPN_SCHEMA_REGISTRY_URL", "http://schema-registry:8081");
        }
        assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")).contains("//kafka:9092");
        assertThat(environment("schema-registry")).containsEntry("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081");
        assertThat(strings(service("app").path("command"))).containsExactly("run");
    }

    @Test
    void theAppPublishesItsHttpPortChecksLivenessAndClosesWithinItsGracePeriod() {
        JsonNode app = service("app");
        List<String> test = strings(app.path("healthcheck").path("test"));

        assertThat(strings(app.path("ports"))).containsExactly("127.0.0.1:8080:8080");
        assertThat(test).contains("http://127.0.0.1:8080/health/live");
        assertThat(test).doesNotContain("java");
        Duration close = Duration.parse(environment("app").get("METASPN_CLOSE_TIMEOUT"));
        assertThat(composeDuration(app.path("stop_grace_period").asText())).isGreaterThan(close);
    }

    @Test
    void namedVolumesHoldKafkaDataAndTheAppStateAtTheStateDirectorysParent() {
        Set<String> declared = new java.util.TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        String stateDir = environment("app").get("METASPN_STATE_DIR");

        assertThat(strings(service("app").path("volumes")))
                .containsExactly("app-state:" + Path.of(stateDir).getParent());
        assertThat(strings(service("kafka").path("volumes")))
                .containsExactly("kafka-data:" + environment("kafka").get("KAFKA_LOG_DIRS"));
        assertThat(declared).contains("app-state", "kafka-data");
    }

    @Test
    void prometheusScrapesTheAppsMetrics() throws Exception {
        List<String> volumes = strings(service("prometheus").path("volumes"));
        assertThat(volumes).contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        JsonNode prometheus = DeployFiles.yaml("deploy/prometheus/prometheus.yml");
        String appPort = strings(service("app").path("ports")).get(0).replaceAll(".*:", "");

        List<JsonNode> scrapesOfTheApp = new ArrayList<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode config : job.path("static_configs")) {
                if (strings(config.path("targets")).contains("app:" + appPort)) {
                    scrapesOfTheApp.add(job);
                }
            }
        }
        assertThat(scrapesOfTheApp).hasSize(1);
        assertThat(scrapesOfTheApp.get(0).path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
        assertThat(URI.create("http://app:" + appPort + "/metrics").getPath()).isEqualTo("/metrics");
    }

    @Test
    void noSecretsInline() {
        Pattern secret = Pattern.compile("(?i).*(password|secret|token|jaas|user_info|credentials).*");
        services.fieldNames().forEachRemaining(name -> environment(name).forEach((variable, value) ->
                assertThat(secret.matcher(variable).matches() && !variable.endsWith("_FILE"))
                        .as("%s: %s set inline", name, variable).isFalse()));
    }
}
