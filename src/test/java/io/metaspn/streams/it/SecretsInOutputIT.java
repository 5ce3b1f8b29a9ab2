package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.reference.Conformance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials planted in a registry URL's user-info, {@code basic.auth.user.info}, {@code
 * sasl.jaas.config} and {@code ssl.keystore.password} (through --config, the environment and
 * METASPN_CONFIG_FILE) never appear in what the jar prints, log lines and errors included.
 */
class SecretsInOutputIT {
    private static final List<String> PLANTED = List.of("planted-url-pw", "planted-basic-pw", "planted-jaas-pw",
            "planted-keystore-pw", "planted-env-pw", "planted-file-pw");
    /** Kafka clients and Streams log their configuration at INFO. */
    private static final List<String> CHATTY = List.of("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info");

    @TempDir
    static Path dir;

    static RealCluster cluster;
    static Path config;
    static Path optionDefaults;
    static Path signals;
    static String registryWithUserInfo;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir.resolve("kafka"));
        registryWithUserInfo = cluster.registryUrl().replace("http://", "http://registry-user:planted-url-pw@");
        config = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                "basic.auth.user.info=registry-user:planted-basic-pw",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"alice\" password=\"planted-jaas-pw\";",
                "ssl.keystore.password=planted-keystore-pw", ""));
        optionDefaults = Files.writeString(dir.resolve("metaspn.properties"),
                "stages=m1\nconfig=" + config + "\n");
        signals = Files.write(dir.resolve("m1.jsonl"), Conformance.fixtures().filter(f -> f.folder().equals("m1"))
                .findFirst().orElseThrow().signalLines().subList(0, 5), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static List<String> withCluster(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", cluster.bootstrapServers(), "--config", config.toString()));
        return all;
    }

    private static void assertNoSecret(JarProcess.Result result) {
        assertThat(result.output()).doesNotContainIgnoringCase("planted");
    }

    @Test
    void commandsThatSucceedPrintNoCredential() throws Exception {
        Map<String, String> env = Map.of("METASPN_SCHEMA_REGISTRY_URL", registryWithUserInfo);
        JarProcess.Result topics = JarProcess.run(CHATTY, withCluster("topics", "create", "--stages", "m1,m2"), env,
                dir.resolve("topics"));
        JarProcess.Result schemas = JarProcess.run(CHATTY, withCluster("schemas", "register", "--stages", "m1",
                "--schema-registry-url", registryWithUserInfo), Map.of(), dir.resolve("schemas"));
        JarProcess.Result produce = JarProcess.run(CHATTY, withCluster("produce", "--stage", "m1", "--input",
                signals.toString()), env, dir.resolve("produce"));
        JarProcess.Result tail = JarProcess.run(CHATTY, withCluster("tail", "--stage", "m1", "--from-beginning",
                "--timeout", "PT2S"), env, dir.resolve("tail"));

        for (JarProcess.Result result : List.of(topics, schemas, produce, tail)) {
            assertThat(result.status()).as(result.output()).isZero();
            assertNoSecret(result);
        }
        assertThat(schemas.stdout()).contains("metaspn.m1.signals.v1-value id 1");
    }

    @Test
    void failuresPrintNoCredentialEvenVerbose() throws Exception {
        String deadRegistry = "http://registry-user:planted-url-pw@127.0.0.1:" + ProduceFailuresIT.closedPort();
        List<JarProcess.Result> results = new ArrayList<>();
        results.add(JarProcess.run(List.of(), withCluster("schemas", "register", "--verbose",
                "--schema-registry-url", deadRegistry), Map.of(), dir.resolve("dead-registry")));
        results.add(JarProcess.run(List.of(), withCluster("produce", "--stage", "m1", "--input", signals.toString(),
                "--verbose", "--timeout", "PT10S"), Map.of("METASPN_SCHEMA_REGISTRY_URL",
                deadRegistry.replace("planted-url-pw", "planted-env-pw")), dir.resolve("produce-dead-registry")));
        Path fileDefaults = Files.writeString(dir.resolve("bad.properties"),
                "schema-registry-url=http://u:planted-file-pw@127.0.0.1:" + ProduceFailuresIT.closedPort() + "\n");
        results.add(JarProcess.run(List.of(), withCluster("schemas", "check"),
                Map.of("METASPN_CONFIG_FILE", fileDefaults.toString()), dir.resolve("check-dead-registry")));

        for (JarProcess.Result result : results) {
            assertThat(result.status()).as(result.output()).isEqualTo(1);
            assertNoSecret(result);
        }
    }

    @Test
    void runLogsNoCredential() throws Exception {
        // the HTTP endpoint's bearer token is never logged either
        Path token = Files.writeString(dir.resolve("http-token"), "planted-token-pw\n");
        Map<String, String> env = Map.of("METASPN_SCHEMA_REGISTRY_URL", registryWithUserInfo,
                "METASPN_CONFIG_FILE", optionDefaults.toString(),
                "METASPN_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "METASPN_HTTP_PORT", Integer.toString(ProduceFailuresIT.closedPort()),
                "METASPN_HTTP_BIND_ADDRESS", "127.0.0.1", "METASPN_HTTP_TOKEN_FILE", token.toString());
        Process run = JarProcess.start(CHATTY, List.of("run", "--application-id", "secrets-it", "--state-dir",
                dir.resolve("state").toString()), env, dir.resolve("run"));
        try {
            awaitMember(run, "secrets-it");
            run.destroy();
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            JarProcess.Result result = JarProcess.result(run, dir.resolve("run"), Duration.ZERO);
            assertThat(result.output()).contains("metaspn.schema.registry.url");
            assertNoSecret(result);
        } finally {
            run.destroyForcibly();
        }
    }

    private static void awaitMember(Process app, String group) throws Exception {
        try (Admin admin = cluster.admin()) {
            Await.until("a member in group " + group, Duration.ofSeconds(60), () -> {
                assertThat(app.isAlive()).as("run is running").isTrue();
                try {
                    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                            .describedGroups().get(group).get();
                    return !description.members().isEmpty();
                } catch (java.util.concurrent.ExecutionException notYet) {
                    return false; // the group does not exist yet
                }
            });
        }
    }
}
