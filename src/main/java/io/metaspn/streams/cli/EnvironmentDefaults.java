package io.metaspn.streams.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment, like streams-bootstrap's {@code APP_*} convention: option
 * {@code --bootstrap-servers} reads {@code METASPN_BOOTSTRAP_SERVERS}, then the key
 * {@code bootstrap-servers} of the properties file named by {@code METASPN_CONFIG_FILE}; the option's
 * own default applies when neither is set. A value on the command line always wins.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    /** The environment variable naming a properties file of option defaults. */
    static final String CONFIG_FILE_VARIABLE = "METASPN_CONFIG_FILE";

    private final Map<String, String> environment;
    private Properties file;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        String name = option.longestName().replaceFirst("^-+", "");
        String fromEnvironment = environment.get(variableName(name));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        return fileDefaults().getProperty(name);
    }

    /** {@code bootstrap-servers} → {@code METASPN_BOOTSTRAP_SERVERS}. */
    static String variableName(String optionName) {
        return "METASPN_" + optionName.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private Properties fileDefaults() {
        if (file == null) {
            file = new Properties();
            String path = environment.get(CONFIG_FILE_VARIABLE);
            if (path != null && !path.isBlank()) {
                try (Reader reader = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
                    file.load(reader);
                } catch (IOException e) {
                    throw new UncheckedIOException(CONFIG_FILE_VARIABLE + "=" + path + " cannot be read", e);
                }
            }
        }
        return file;
    }
}
