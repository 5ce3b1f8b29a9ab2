package io.metaspn.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.stages.M4Rewards;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed {@code topology-docs/} match the topology. With {@code -Dtopology.docs.write=true}
 * the test first rewrites them (see {@link TopologyDocs#REGENERATE_COMMAND}).
 */
class TopologyDocsTest {
    private static final Path COMMITTED = Path.of(System.getProperty("basedir", "."))
            .resolve(TopologyDocs.DIRECTORY);

    @Test
    void committedDocsMatchWhatTheCodeGenerates() throws IOException {
        SortedMap<String, String> generated = TopologyDocs.forDefaults();
        if (Boolean.getBoolean("topology.docs.write")) {
            TopologyDocs.write(COMMITTED, generated);
        }
        List<String> problems = differences(COMMITTED, generated);
        if (!problems.isEmpty()) {
            fail(TopologyDocs.DIRECTORY + "/ differs from what the code generates:\n  "
                    + String.join("\n  ", problems)
                    + "\nRegenerate the docs with:\n  " + TopologyDocs.REGENERATE_COMMAND + "\n");
        }
    }

    @Test
    void generationIsDeterministicWithLfLineEndings() {
        SortedMap<String, String> first = generateDefaults();
        SortedMap<String, String> second = generateDefaults();

        assertThat(second).isEqualTo(first);
        assertThat(first.keySet()).containsExactly("README.md", "m0.md", "m1.md", "m2.md", "m3.md", "m4.md",
                "topology.txt");
        assertThat(first.values()).allSatisfy(text -> {
            assertThat(text).doesNotContain("\r").endsWith("\n");
        });
    }

    @Test
    void diagramsUseSanitizedIdsAndShowTheFullRepartitionTopic() {
        SortedMap<String, String> docs = generateDefaults();
        String m1 = docs.get("m1.md");
        String mermaid = m1.substring(m1.indexOf("```mermaid\n") + 11, m1.lastIndexOf("```"));

        Pattern definition = Pattern.compile("^\\s+(\\S+?)(\\[|\\(\\[|\\[\\(|\\[/)\"", Pattern.MULTILINE);
        Matcher ids = definition.matcher(mermaid);
        List<String> defined = new ArrayList<>();
        while (ids.find()) {
            defined.add(ids.group(1));
        }
        assertThat(defined).isNotEmpty().allMatch(id -> id.matches("[A-Za-z0-9_]+"));
        assertThat(new TreeSet<>(defined)).hasSameSizeAs(defined);
        assertThat(mermaid).startsWith("flowchart LR\n")
                .contains("internal topic: " + TopologyDocs.APPLICATION_ID + "-m1-by-entity-repartition")
                .contains("topic: metaspn.m1.signals.v1", "topic: metaspn.m1.emissions.v1")
                .contains("store: m1-state", "store: m1-processed-signals");
        assertThat(docs.get("README.md"))
                .contains("`metaspn-streams-m1-state-changelog`", "`metaspn-streams-m1-processed-signals-changelog`",
                        "`metaspn.m1.dlq.v1`", "`io.metaspn.streams.avro.m1.M1Signal`",
                        "`metaspn.m1.signals.v1-value`", "`metaspn-streams-m1-by-entity-repartition-value`",
                        TopologyDocs.REGENERATE_COMMAND);
    }

    @Test
    void withoutRepartitionThereIsNoRepartitionTopic() {
        StreamsSettings settings = StreamsSettings.defaults(M4Rewards.Config.DEFAULT).withRepartitionByEntity(false);
        String scope = "docs-test-" + UUID.randomUUID();
        try {
            SortedMap<String, String> docs = TopologyDocs.generate(settings,
                    MetaspnTopology.build(settings, SchemaRegistries.inMemory(scope)).describe());
            assertThat(String.join("", docs.values())).doesNotContain("-repartition");
            assertThat(docs.get("m0.md")).contains("n_m0_key_by_entity --> n_m0_process");
        } finally {
            SchemaRegistries.dropScope(scope);
        }
    }

    @Test
    void writeDeletesStaleDocsButLeavesForeignDirectoriesAlone(@TempDir Path dir) throws IOException {
        Path docs = dir.resolve("docs");
        TopologyDocs.write(docs, Map.of("README.md", TopologyDocs.MARKER + "\n", "old.md", "old\n"));
        TopologyDocs.write(docs, Map.of("README.md", TopologyDocs.MARKER + "\nnew\n"));
        assertThat(TopologyDocs.regularFiles(docs)).containsExactly(docs.resolve("README.md"));
        assertThat(Files.readString(docs.resolve("README.md"))).endsWith("new\n");

        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine\n");
        assertThatThrownBy(() -> TopologyDocs.write(foreign, Map.of("README.md", TopologyDocs.MARKER + "\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("refusing");
        assertThat(foreign.resolve("notes.txt")).exists();
    }

    private static SortedMap<String, String> generateDefaults() {
        StreamsSettings settings = StreamsSettings.defaults(M4Rewards.Config.DEFAULT);
        String scope = "docs-test-" + UUID.randomUUID();
        try {
            return TopologyDocs.generate(settings,
                    MetaspnTopology.build(settings, SchemaRegistries.inMemory(scope)).describe());
        } finally {
            SchemaRegistries.dropScope(scope);
        }
    }

    /** Missing, extra and differing files of {@code directory} against {@code expected}. */
    private static List<String> differences(Path directory, SortedMap<String, String> expected) throws IOException {
        List<String> problems = new ArrayList<>();
        TreeSet<String> committed = new TreeSet<>();
        for (Path file : TopologyDocs.regularFiles(directory)) {
            committed.add(file.getFileName().toString());
        }
        for (Map.Entry<String, String> file : expected.entrySet()) {
            if (!committed.contains(file.getKey())) {
                problems.add("missing: " + file.getKey());
                continue;
            }
            String actual = new String(Files.readAllBytes(directory.resolve(file.getKey())), StandardCharsets.UTF_8);
            if (!actual.equals(file.getValue())) {
                problems.add("differs: " + file.getKey() + firstDifference(file.getValue(), actual));
            }
        }
        for (String name : committed) {
            if (!expected.containsKey(name)) {
                problems.add("extra: " + name);
            }
        }
        return problems;
    }

    private static String firstDifference(String expected, String actual) {
        if (actual.contains("\r")) {
            return " (CRLF line endings; the docs use LF)";
        }
        String[] want = expected.split("\n", -1);
        String[] have = actual.split("\n", -1);
        for (int i = 0; i < Math.max(want.length, have.length); i++) {
            String w = i < want.length ? want[i] : "<end of file>";
            String h = i < have.length ? have[i] : "<end of file>";
            if (!w.equals(h)) {
                return " (line " + (i + 1) + ": generated `" + w + "`, committed `" + h + "`)";
            }
        }
        return " (encoding)";
    }
}
