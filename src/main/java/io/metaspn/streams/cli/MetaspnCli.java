package io.metaspn.streams.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * The {@code metaspn-streams} command line. A user's mistake prints one line and exits 64, an I/O,
 * cluster or registry failure one line and exits 1; {@code --verbose} adds the stack trace.
 * Every message and log line it prints on stderr passes through {@link Redactor#global()}; stdout carries
 * data (emissions, dead letters) and is written as it is.
 */
@Command(name = "metaspn-streams", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE,
        versionProvider = MetaspnCli.Version.class,
        description = "The MetaSPN signal-processing engine: typed, traceable emissions from streams of signals.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "2:some input lines were rejected (process, produce)",
            "1:an I/O, cluster or schema registry failure, or records not written",
            "64:a bad command line or setting"},
        subcommands = {DemoCommand.class, ProcessCommand.class, RunCommand.class, ProduceCommand.class, TailCommand.class,
            TopicsCommand.class, SchemasCommand.class, ResetCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class MetaspnCli {
    /** Exit status for a bad command line or setting (picocli's default, 2, means "rejected input lines" here). */
    public static final int EXIT_USAGE = 64;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure (default: one line).")
    boolean verbose;

    /** Runs the command line and exits with its status; what is printed on stderr from now on is redacted. */
    public static void main(String[] args) {
        System.setErr(RedactingOutputStream.printStream(System.err, Redactor.global()));
        int status = execute(args);
        System.out.flush();
        System.err.close();
        System.exit(status);
    }

    /** Runs the command line and returns its exit status; what it prints on stderr meanwhile is redacted. */
    public static int run(String... args) {
        PrintStream err = System.err;
        PrintStream redactedErr = RedactingOutputStream.printStream(err, Redactor.global());
        System.setErr(redactedErr);
        try {
            return execute(args);
        } finally {
            redactedErr.close();
            System.setErr(err);
        }
    }

    private static int execute(String... args) {
        Map<String, String> environment = System.getenv();
        learnSecrets(args, environment);
        MetaspnCli cli = new MetaspnCli();
        CommandLine commandLine = commandLine(cli, environment);
        try {
            return commandLine.execute(args);
        } catch (RuntimeException e) {
            // e.g. an unreadable METASPN_CONFIG_FILE while option defaults are resolved
            return report(e, "metaspn-streams", cli.verbose || hasVerbose(args));
        }
    }

    /** The configured picocli command line. */
    public static CommandLine commandLine() {
        return commandLine(new MetaspnCli(), System.getenv());
    }

    private static CommandLine commandLine(MetaspnCli cli, Map<String, String> environment) {
        return new CommandLine(cli)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setDefaultValueProvider(new EnvironmentDefaults(environment))
                .setParameterExceptionHandler((ex, args) -> report(ex, ex.getCommandLine().getCommandSpec().qualifiedName(),
                        cli.verbose || hasVerbose(args)))
                .setExecutionExceptionHandler((ex, cmd, parseResult) -> report(ex, cmd.getCommandSpec().qualifiedName(),
                        cli.verbose));
    }

    /** Prints one line for {@code failure} (the trace too when {@code verbose}) and returns its exit status. */
    static int report(Throwable failure, String command, boolean verbose) {
        Failures.Failure classified = Failures.classify(failure);
        String message = classified.message();
        if (classified.exitCode() == EXIT_USAGE) {
            message += " (see '" + command + " --help')";
        }
        if (verbose) {
            failure.printStackTrace(System.err);
        }
        System.err.println(Redactor.global().redact(command + ": " + message));
        System.err.flush();
        return classified.exitCode();
    }

    private static boolean hasVerbose(String... args) {
        for (String arg : args) {
            if ("--verbose".equals(arg)) {
                return true;
            }
        }
        return false;
    }

    /** The secrets of the environment ({@code METASPN_*}, the METASPN_CONFIG_FILE file) and of the arguments. */
    private static void learnSecrets(String[] args, Map<String, String> environment) {
        Redactor redactor = Redactor.global();
        environment.forEach((key, value) -> {
            if (key.startsWith("METASPN_")) {
                redactor.addSetting(key, value);
            }
        });
        String configFile = environment.get(EnvironmentDefaults.CONFIG_FILE_VARIABLE);
        if (configFile != null && !configFile.isBlank()) {
            learnFile(Path.of(configFile));
        }
        learnFiles(environment.get(EnvironmentDefaults.variableName("config")));
        for (int i = 0; i < args.length; i++) {
            redactor.addUrlSecrets(args[i]);
            if (args[i].equals("--config") && i + 1 < args.length) {
                learnFiles(args[i + 1]);
            } else if (args[i].startsWith("--config=")) {
                learnFiles(args[i].substring("--config=".length()));
            }
        }
    }

    /** The secrets of each file of a comma-separated {@code --config} value. */
    private static void learnFiles(String commaSeparated) {
        if (commaSeparated == null) {
            return;
        }
        for (String file : commaSeparated.split(",")) {
            if (!file.isBlank()) {
                learnFile(Path.of(file.trim()));
            }
        }
    }

    private static void learnFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException | java.io.UncheckedIOException unreadable) {
            return; // the command reports it when it reads the file
        }
        Redactor.global().addSecrets(properties);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MetaspnCli.class.getPackage().getImplementationVersion();
            return new String[] {"metaspn-streams " + (version == null ? "(development build)" : version)};
        }
    }
}
