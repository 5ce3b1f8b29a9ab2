package io.metaspn.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.metaspn.streams.game.reference.M4Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The README's settings tables match the settings' ConfigDefs. With {@code -Dconfig.docs.write=true} the test first
 * rewrites the block between the markers (see {@link SettingsDocs#REGENERATE_COMMAND}).
 */
class SettingsDocsTest {
    private static final Path README = Path.of(System.getProperty("basedir", ".")).resolve("README.md");

    @Test
    void theReadmesSettingsTablesAreWhatTheConfigDefsGenerate() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String generated = SettingsDocs.block();
        if (Boolean.getBoolean("config.docs.write")) {
            readme = withBlock(readme, generated);
            Files.writeString(README, readme, StandardCharsets.UTF_8);
        }
        if (!block(readme).equals(generated)) {
            fail("README.md's settings (between " + SettingsDocs.BEGIN + " and " + SettingsDocs.END
                    + ") differ from what the ConfigDefs generate. Regenerate them with:\n  "
                    + SettingsDocs.REGENERATE_COMMAND + "\n");
        }
    }

    @Test
    void everySettingHasARowWithItsTypeDefaultValidValuesAndDocumentation() {
        String block = SettingsDocs.block();

        for (ConfigDef.ConfigKey key : MetaspnConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(block).contains("| `" + key.name + "` | " + key.type.name().toLowerCase() + " | ");
        }
        for (String name : M4Settings.CONFIG_DEF.names()) {
            assertThat(block).contains("| `metaspn.m4." + name + "` | ");
        }
        assertThat(block)
                .contains("| `metaspn.stages` | list | `m0,m1,m2,m3,m4` | one or more stage names, none twice | ")
                .contains("| `metaspn.max.record.bytes` | int | `1048576` | [1024,...] | ")
                .contains("| `metaspn.schema.registry.url` | string | none | ")
                .contains("| `metaspn.dedup.retention` | string | `P7D` | a positive ISO-8601 duration")
                .contains("| `metaspn.repartition.by.entity` | boolean | `true` | true, false | ")
                .contains("&lt;prefix&gt;.&lt;stage&gt;.signals")
                .doesNotContain("\r");
    }

    @Test
    void theBlockIsReplacedBetweenTheMarkersOnly() {
        String readme = "before\n" + SettingsDocs.BEGIN + "\nold\n" + SettingsDocs.END + "\nafter\n";

        assertThat(withBlock(readme, "new\n")).isEqualTo("before\n" + SettingsDocs.BEGIN + "\nnew\n"
                + SettingsDocs.END + "\nafter\n");
        assertThat(block(withBlock(readme, "new\n"))).isEqualTo("new\n");
    }

    /** The text between the marker lines of {@code readme}. */
    private static String block(String readme) {
        int begin = readme.indexOf(SettingsDocs.BEGIN + "\n");
        int end = readme.indexOf(SettingsDocs.END);
        if (begin < 0 || end < begin) {
            fail("README.md lacks the lines " + SettingsDocs.BEGIN + " and " + SettingsDocs.END);
        }
        return readme.substring(begin + SettingsDocs.BEGIN.length() + 1, end);
    }

    /** {@code readme} with {@code block} between its marker lines. */
    private static String withBlock(String readme, String block) {
        int begin = readme.indexOf(SettingsDocs.BEGIN + "\n");
        int end = readme.indexOf(SettingsDocs.END);
        if (begin < 0 || end < begin) {
            fail("README.md lacks the lines " + SettingsDocs.BEGIN + " and " + SettingsDocs.END);
        }
        return readme.substring(0, begin + SettingsDocs.BEGIN.length() + 1) + block + readme.substring(end);
    }
}
