package io.metaspn.streams.cli;

import io.metaspn.streams.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine.ParameterException;

/** What a command's failure means for the user: one line and the documented exit status. */
final class Failures {
    /** Exit status: an I/O, cluster or registry failure. */
    static final int EXIT_FAILURE = 1;

    private static final String CLUSTER_HINT = "check that the cluster is reachable at --bootstrap-servers and that"
            + " the --config security settings match its listener";

    /** A failure as the user sees it. */
    record Failure(int exitCode, String message) {
    }

    private Failures() {
    }

    /** The exit status and one-line message (without the command prefix) for {@code thrown}. */
    static Failure classify(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof ParameterException && (t.getCause() instanceof IOException
                || t.getCause() instanceof UncheckedIOException)) {
            t = t.getCause(); // a file read while option defaults were resolved
        }
        if (t instanceof ParameterException || t instanceof IllegalArgumentException) {
            return usage(oneLine(t.getMessage()));
        }
        if (t instanceof ConfigException) {
            return usage(configMessage(t.getMessage()));
        }
        Throwable config = causeOf(t, ConfigException.class);
        if (t instanceof KafkaException && config != null) {
            return usage(configMessage(config.getMessage()));
        }
        Throwable illegal = causeOf(t, IllegalArgumentException.class);
        if (t instanceof KafkaException && t.getMessage() != null && t.getMessage().startsWith("Failed to construct")
                && illegal != null) {
            return usage(oneLine(t.getMessage() + ": " + illegal.getMessage()));
        }
        if (t instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            return new Failure(EXIT_FAILURE, oneLine(unchecked.getMessage().equals(unchecked.getCause().toString())
                    ? describeIo(unchecked.getCause()) : unchecked.getMessage() + ": " + describeIo(unchecked.getCause())));
        }
        if (t instanceof IOException io) {
            return new Failure(EXIT_FAILURE, describeIo(io));
        }
        if (t instanceof SchemaRegistryException) {
            return new Failure(EXIT_FAILURE, oneLine("schema registry: " + t.getMessage()));
        }
        if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
            return new Failure(EXIT_FAILURE, oneLine(describe(t)));
        }
        if (t instanceof org.apache.kafka.common.errors.TimeoutException
                || t instanceof java.util.concurrent.TimeoutException) {
            return new Failure(EXIT_FAILURE, oneLine(describe(t) + "; " + CLUSTER_HINT));
        }
        return new Failure(EXIT_FAILURE, oneLine(describe(t)));
    }

    /** {@code SimpleName: message}, with the root cause when it says something else; one line. */
    static String describe(Throwable thrown) {
        Throwable t = unwrap(thrown);
        String text = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != t && root.getMessage() != null && (t.getMessage() == null || !t.getMessage().contains(root.getMessage()))) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return oneLine(text);
    }

    /** The failure inside the wrappers that only say "it failed elsewhere". */
    static Throwable unwrap(Throwable thrown) {
        Throwable t = thrown;
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Failure usage(String message) {
        return new Failure(MetaspnCli.EXIT_USAGE, message);
    }

    private static String configMessage(String message) {
        String text = message == null ? "invalid configuration" : message;
        if (text.contains("\"bootstrap.servers\"")) {
            return "bootstrap.servers is required: pass --bootstrap-servers, set METASPN_BOOTSTRAP_SERVERS or put"
                    + " bootstrap.servers in the --config file";
        }
        return oneLine(text);
    }

    private static String describeIo(Throwable io) {
        if (io instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file";
        }
        if (io instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (io instanceof FileSystemException fs && fs.getFile() != null) {
            return oneLine(fs.getFile() + ": " + (fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason()));
        }
        return oneLine(describe(io));
    }

    private static Throwable causeOf(Throwable t, Class<? extends Throwable> type) {
        for (Throwable cause = t.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
        }
        return null;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
