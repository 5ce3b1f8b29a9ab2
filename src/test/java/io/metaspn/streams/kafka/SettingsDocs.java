package io.metaspn.streams.kafka;

import io.metaspn.streams.game.reference.M4Settings;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The README's settings tables, generated from the settings' {@link ConfigDef}s ({@link MetaspnConfig#CONFIG_DEF}
 * and, under M4's namespace, {@link M4Settings#CONFIG_DEF}): name, type, default, valid values and documentation of
 * each setting, in definition order. The block sits between {@value #BEGIN} and {@value #END} in the README;
 * {@code SettingsDocsTest} keeps it equal to what this generates.
 */
final class SettingsDocs {
    /** The marker line before the generated block. */
    static final String BEGIN = "<!-- settings:begin -->";
    /** The marker line after the generated block. */
    static final String END = "<!-- settings:end -->";
    /** The command that rewrites the block in the README (Maven only). */
    static final String REGENERATE_COMMAND = "mvn -B -q test -Dtest=SettingsDocsTest -Dconfig.docs.write=true";

    private SettingsDocs() {
    }

    /** The block between the markers (markers excluded), LF line endings. */
    static String block() {
        return "<!-- Generated from MetaspnConfig.CONFIG_DEF and M4Settings.CONFIG_DEF: do not edit; regenerate with `"
                + REGENERATE_COMMAND + "`. -->\n"
                + "Settings (`--config` files or properties; a bad value stops the command with exit status 64, naming"
                + " the key and the value):\n"
                + "\n"
                + table(MetaspnConfig.CONFIG_DEF, "")
                + "\n"
                + "A game's own settings live under its namespace, `metaspn.<game>.*`, and are parsed by the game"
                + " (only when it runs). The reference stage M4's early-conviction rule, `metaspn.m4.*`:\n"
                + "\n"
                + table(M4Settings.CONFIG_DEF, MetaspnConfig.gamePrefix(M4Settings.GAME))
                + "\n";
    }

    /** One Markdown table of {@code definition}'s settings, each name under {@code prefix}. */
    static String table(ConfigDef definition, String prefix) {
        StringBuilder out = new StringBuilder("| setting | type | default | valid values | description |\n"
                + "|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            if (key.internalConfig) {
                continue;
            }
            out.append("| `").append(prefix).append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(defaultValue(key)).append(" | ")
                    .append(cell(validValues(key))).append(" | ")
                    .append(cell(key.documentation)).append(" |\n");
        }
        return out.toString();
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (!key.hasDefault() || key.defaultValue == null) {
            return "none";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String validValues(ConfigDef.ConfigKey key) {
        if (key.validator != null) {
            return key.validator.toString();
        }
        return key.type == ConfigDef.Type.BOOLEAN ? "true, false" : "";
    }

    /** Text fit for a Markdown table cell: no pipes, no line breaks, no HTML. */
    private static String cell(String text) {
        return text.lines().map(String::strip).collect(Collectors.joining(" "))
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|");
    }
}
