package io.metaspn.streams.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which stream application a command runs or manages: its application.id and its local state directory. */
final class ApplicationOptions {

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "metaspn-streams",
            description = "The Kafka Streams application.id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The application's state.dir (RocksDB state).")
    Path stateDir;
}
