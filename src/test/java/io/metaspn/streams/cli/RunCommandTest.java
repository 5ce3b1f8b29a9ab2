package io.metaspn.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Option values come from the command line, else METASPN_* variables, else the METASPN_CONFIG_FILE file. */
class RunCommandTest {

    private static RunCommand parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new MetaspnCli())
                .setDefaultValueProvider(new EnvironmentDefaults(environment));
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        return (RunCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void environmentThenFileThenAnnotationDefaultsAndTheCommandLineWins(@TempDir Path dir) throws Exception {
        Path defaults = Files.writeString(dir.resolve("metaspn.properties"),
                "bootstrap-servers=file:9092\nstages=m1\nschema-registry-url=http://file:8081\n");
        Map<String, String> environment = Map.of("METASPN_BOOTSTRAP_SERVERS", "env:9092",
                EnvironmentDefaults.CONFIG_FILE_VARIABLE, defaults.toString());

        RunCommand fromDefaults = parse(environment, "run");
        RunCommand fromArgs = parse(environment, "run", "--bootstrap-servers", "cli:9092", "--stages", "m2,m3");

        assertThat(fromDefaults.cluster.bootstrapServers).isEqualTo("env:9092");
        assertThat(fromDefaults.stages).isEqualTo("m1");
        assertThat(fromDefaults.cluster.schemaRegistryUrl).isEqualTo("http://file:8081");
        assertThat(fromDefaults.application.applicationId).isEqualTo("metaspn-streams");
        assertThat(fromArgs.cluster.bootstrapServers).isEqualTo("cli:9092");
        assertThat(fromArgs.stages).isEqualTo("m2,m3");
        assertThat(EnvironmentDefaults.variableName("schema-registry-url")).isEqualTo("METASPN_SCHEMA_REGISTRY_URL");
    }

    @Test
    void httpOptionsDefaultOnPort8080FromTheEnvironmentOrTheCommandLine() throws Exception {
        RunCommand defaults = parse(Map.of(), "run");
        RunCommand fromEnvironment = parse(Map.of("METASPN_HTTP_PORT", "0", "METASPN_HTTP_BIND_ADDRESS", "127.0.0.1",
                "METASPN_HTTP_STATE_QUERIES", "false", "METASPN_HTTP_TOKEN_FILE", "/var/run/token"), "run");
        RunCommand switchedOff = parse(Map.of(), "run", "--no-http-state-queries", "--http-port", "9090");
        RunCommand switchedOn = parse(Map.of("METASPN_HTTP_STATE_QUERIES", "false"), "run", "--http-state-queries");
        RunCommand explicitlyOn = parse(Map.of(), "run", "--http-state-queries");

        assertThat(defaults.http.enabled()).isTrue();
        assertThat(defaults.http.options()).isEqualTo(new io.metaspn.streams.ops.OpsOptions("0.0.0.0", 8080, true,
                null));
        assertThat(fromEnvironment.http.enabled()).isFalse();
        assertThat(fromEnvironment.http.bindAddress).isEqualTo("127.0.0.1");
        assertThat(fromEnvironment.http.stateQueries).isFalse();
        assertThat(fromEnvironment.http.tokenFile).isEqualTo(Path.of("/var/run/token"));
        assertThat(switchedOff.http.stateQueries).isFalse();
        assertThat(switchedOff.http.port).isEqualTo(9090);
        assertThat(switchedOn.http.stateQueries).isTrue();
        assertThat(explicitlyOn.http.stateQueries).isTrue();
    }

    @Test
    void staticMembershipAndTheApplicationServerBecomeKafkaSettings() throws Exception {
        Map<String, Object> settings = parse(Map.of("METASPN_APPLICATION_SERVER", "metaspn-0.metaspn:8080"), "run",
                "--group-instance-id", "metaspn-0").configuration();

        assertThat(settings).containsEntry("group.instance.id", "metaspn-0")
                .containsEntry("application.server", "metaspn-0.metaspn:8080");
        assertThat(parse(Map.of(), "run").configuration()).doesNotContainKeys("group.instance.id",
                "application.server");
    }

    @Test
    void configFilePassesClientSettingsThroughAndOptionsOverrideIt(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("app.properties"), "security.protocol=SASL_SSL\n"
                + "sasl.mechanism=PLAIN\nbootstrap.servers=from-file:9093\nmetaspn.dedup.retention=P1D\n");

        Map<String, Object> settings = parse(Map.of(), "run", "--config", config.toString(),
                "--bootstrap-servers", "cli:9092", "--schema-registry-url", "mem://x").configuration();

        assertThat(settings).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "cli:9092").containsEntry("metaspn.dedup.retention", "P1D")
                .containsEntry("metaspn.schema.registry.url", "mem://x")
                .containsEntry("application.id", "metaspn-streams");
    }
}
