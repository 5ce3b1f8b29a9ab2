package io.metaspn.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --config} is repeatable: files are read in order, a later file overriding an earlier one, the
 * options overriding them all; {@code METASPN_CONFIG} may name several files, comma-separated (as the Helm
 * chart passes its ConfigMap file and its Secret's client properties); every file's secrets are redacted.
 */
class ClusterOptionsTest {

    private static ClusterOptions parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new MetaspnCli())
                .setDefaultValueProvider(new EnvironmentDefaults(environment));
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        return ((ResetCommand) result.subcommand().commandSpec().userObject()).cluster;
    }

    @Test
    void laterFilesOverrideEarlierOnesAndOptionsOverrideAllFiles(@TempDir Path dir) throws Exception {
        Path app = Files.writeString(dir.resolve("app.properties"),
                "bootstrap.servers=app:9092\nmetaspn.dedup.retention=P1D\nsecurity.protocol=PLAINTEXT\n");
        Path client = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");

        Map<String, Object> repeated = parse(Map.of(), "reset", "--config", app.toString(), "--config",
                client.toString(), "--schema-registry-url", "mem://x").configuration();
        Map<String, Object> commaSeparated = parse(Map.of(), "reset", "--config", app + "," + client,
                "--bootstrap-servers", "cli:9092").configuration();

        assertThat(repeated).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("metaspn.dedup.retention", "P1D").containsEntry("bootstrap.servers", "app:9092")
                .containsEntry("metaspn.schema.registry.url", "mem://x");
        assertThat(commaSeparated).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "cli:9092");
        assertThat(parse(Map.of(), "reset", "--config", client + "," + app).configuration())
                .as("the order decides").containsEntry("security.protocol", "PLAINTEXT");
    }

    @Test
    void metaspnConfigNamesSeveralFilesAndTheCommandLineReplacesThem(@TempDir Path dir) throws Exception {
        Path app = Files.writeString(dir.resolve("app.properties"), "metaspn.stages=m1\nsecurity.protocol=PLAINTEXT\n");
        Path client = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\n");
        Path other = Files.writeString(dir.resolve("other.properties"), "metaspn.stages=m2\n");
        Map<String, String> environment = Map.of("METASPN_CONFIG", app + "," + client);

        ClusterOptions fromEnvironment = parse(environment, "reset");
        ClusterOptions fromArgs = parse(environment, "reset", "--config", other.toString());

        assertThat(fromEnvironment.config).containsExactly(app, client);
        assertThat(fromEnvironment.configuration()).containsEntry("metaspn.stages", "m1")
                .containsEntry("security.protocol", "SSL");
        assertThat(fromArgs.config).containsExactly(other);
        assertThat(fromArgs.configuration()).containsEntry("metaspn.stages", "m2").doesNotContainKey("security.protocol");
        assertThat(parse(Map.of(), "reset").config).isEmpty();
        assertThat(parse(Map.of(), "reset").configuration()).isEmpty();
    }

    @Test
    void everyFilesSecretsAreRedactedEvenWhenALaterFileOverridesThem(@TempDir Path dir) throws Exception {
        Path first = Files.writeString(dir.resolve("first.properties"),
                "ssl.truststore.password=first-file-pw-8361\nbasic.auth.user.info=alice:first-file-pw-5170\n");
        Path second = Files.writeString(dir.resolve("second.properties"), "ssl.truststore.password=second-file-pw-2942\n");

        Map<String, Object> settings = parse(Map.of(), "reset", "--config", first.toString(), "--config",
                second.toString()).configuration();

        assertThat(settings).containsEntry("ssl.truststore.password", "second-file-pw-2942");
        assertThat(Redactor.global().redact("first-file-pw-8361 first-file-pw-5170 second-file-pw-2942"))
                .doesNotContain("first-file-pw-8361", "first-file-pw-5170", "second-file-pw-2942");
    }

    @Test
    void secretsOfEveryListedFileAreMaskedEvenInAnErrorBeforeTheFilesAreRead(@TempDir Path dir) throws Exception {
        Path app = Files.writeString(dir.resolve("app.properties"), "metaspn.stages=m1\n");
        Path client = Files.writeString(dir.resolve("client.properties"), "ssl.key.password=listed-file-pw-4711\n");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            // a command line error names the bad value: the files' secrets must be known before parsing
            status = MetaspnCli.run("produce", "--stage", "m1", "--config", app + "," + client, "--timeout",
                    "listed-file-pw-4711");
        } finally {
            System.setErr(err);
        }

        assertThat(status).isEqualTo(MetaspnCli.EXIT_USAGE);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("metaspn-streams produce")
                .doesNotContain("listed-file-pw-4711");
    }

    @Test
    void aMissingFileOfTheListIsAnIoFailure(@TempDir Path dir) throws Exception {
        Path app = Files.writeString(dir.resolve("app.properties"), "metaspn.stages=m1\n");
        Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> parse(Map.of(), "reset", "--config", app + "," + missing).configuration())
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.properties");
    }

    @Test
    void theHelpSaysTheOptionRepeatsAndLaterFilesWin() {
        String help = new CommandLine(new MetaspnCli()).getSubcommands().get("reset").getUsageMessage();

        assertThat(help).contains("--config=FILE[,FILE...]").contains("a later file overrides");
    }
}
