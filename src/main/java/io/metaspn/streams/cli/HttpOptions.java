package io.metaspn.streams.cli;

import io.metaspn.streams.ops.OpsOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The HTTP endpoint's options (health, metrics, state queries, topology), shared by {@code run} and {@code demo}. */
final class HttpOptions {

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
            description = {"The HTTP endpoint's port: /health/live, /health/ready, /metrics,",
                "/state/{stage}/{entity}, /topology (default: ${DEFAULT-VALUE}; 0 turns it off)."})
    int port;

    @Option(names = "--http-bind-address", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "The address the HTTP endpoint listens on (default: ${DEFAULT-VALUE}, every interface).")
    String bindAddress;

    @Option(names = "--http-state-queries", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"Serve /state/{stage}/{entity} (default: on); --no-http-state-queries turns it off",
                "(state is user data)."})
    boolean stateQueries;

    @Option(names = "--http-token-file", paramLabel = "FILE",
            description = {"A file holding the bearer token /state requires (Authorization: Bearer <token>;",
                "read again when it changes). /health and /metrics stay open."})
    Path tokenFile;

    /** Whether the endpoint is served (a port other than 0). */
    boolean enabled() {
        return port != 0;
    }

    /** The endpoint's options; refuses a port outside 0–65535. */
    OpsOptions options() {
        return new OpsOptions(bindAddress, port, stateQueries, tokenFile);
    }
}
