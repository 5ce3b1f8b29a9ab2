package io.metaspn.streams.ops;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the HTTP endpoint is served.
 *
 * @param bindAddress  the address to listen on ({@code 0.0.0.0}: every interface)
 * @param port         the port to listen on (0 picks a free one; the command line's 0, "off", never gets here)
 * @param stateQueries whether {@code /state/{stage}/{entity}} is served
 * @param tokenFile    the file holding the bearer token {@code /state} requires, or null for none
 */
public record OpsOptions(String bindAddress, int port, boolean stateQueries, Path tokenFile) {

    public OpsOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the HTTP port must be between 0 and 65535, got " + port);
        }
    }
}
