package io.metaspn.streams.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code metaspn-streams} command line. */
@Command(name = "metaspn-streams", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = MetaspnCli.EXIT_USAGE, versionProvider = MetaspnCli.Version.class,
        description = "The MetaSPN signal-processing engine: typed, traceable emissions from streams of signals.",
        subcommands = {DemoCommand.class, ProcessCommand.class, RunCommand.class, ProduceCommand.class, TailCommand.class,
            TopicsCommand.class, SchemasCommand.class, ResetCommand.class, CommandLine.HelpCommand.class})
public final class MetaspnCli {
    /** Exit status for a bad command line (picocli's default, 2, means "rejected input lines" here). */
    public static final int EXIT_USAGE = 64;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line. */
    public static CommandLine commandLine() {
        return new CommandLine(new MetaspnCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MetaspnCli.class.getPackage().getImplementationVersion();
            return new String[] {"metaspn-streams " + (version == null ? "(development build)" : version)};
        }
    }
}
