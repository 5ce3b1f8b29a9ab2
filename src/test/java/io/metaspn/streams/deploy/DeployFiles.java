package io.metaspn.streams.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.metaspn.streams.cli.MetaspnCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The deployment files of the project (read from the working directory, the project root) and what they refer to. */
final class DeployFiles {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeployFiles() {
    }

    static JsonNode yaml(String relativePath) throws IOException {
        return YAML.readTree(ROOT.resolve(relativePath).toFile());
    }

    /** The project's pom.xml as a DOM. */
    static Document pom() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
    }

    /** The text of the first element {@code path} (child names from {@code parent}), or null. */
    static String text(Element parent, String... path) {
        Element element = child(parent, path);
        return element == null ? null : element.getTextContent().trim();
    }

    /** The first element at {@code path} below {@code parent}, or null. */
    static Element child(Element parent, String... path) {
        Element current = parent;
        for (String name : path) {
            Element next = null;
            for (Node node = current.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element && element.getTagName().equals(name)) {
                    next = element;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            current = next;
        }
        return current;
    }

    /** The direct children of {@code parent} named {@code name}. */
    static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        if (parent == null) {
            return result;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
                result.add(element);
            }
        }
        return result;
    }

    /** The profile with {@code id}, or null. */
    static Element profile(Document pom, String id) {
        for (Element profile : children(child(pom.getDocumentElement(), "profiles"), "profile")) {
            if (id.equals(text(profile, "id"))) {
                return profile;
            }
        }
        return null;
    }

    /** The jar the build produces: {@code target/<finalName>.jar}. */
    static String jarName() throws Exception {
        return text(pom().getDocumentElement(), "build", "finalName") + ".jar";
    }

    /** The image tag: the project version without -SNAPSHOT (the chart's appVersion). */
    static String imageTag() throws Exception {
        return text(pom().getDocumentElement(), "version").replace("-SNAPSHOT", "");
    }

    /**
     * The {@code METASPN_*} variables a command reads: one per option ({@code --state-dir} → {@code METASPN_STATE_DIR},
     * as cli/EnvironmentDefaults names them), plus {@code METASPN_CONFIG_FILE}. {@code command} is the subcommand
     * path, e.g. {@code "topics", "create"}.
     */
    static Set<String> variablesOf(String... command) {
        CommandLine commandLine = MetaspnCli.commandLine();
        for (String name : command) {
            CommandLine sub = commandLine.getSubcommands().get(name);
            if (sub == null) {
                throw new AssertionError("no command '" + String.join(" ", command) + "' in the CLI");
            }
            commandLine = sub;
        }
        Set<String> variables = new TreeSet<>();
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            variables.add("METASPN_" + option.longestName().replaceFirst("^-+", "").replace('-', '_')
                    .toUpperCase(Locale.ROOT));
        }
        variables.add("METASPN_CONFIG_FILE");
        return variables;
    }

    /** The Dockerfile as instructions: continuation lines joined, comments and blank lines left out. */
    static List<Instruction> dockerfile() throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"), StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String whole = current.toString().trim();
            current.setLength(0);
            int space = whole.indexOf(' ');
            instructions.add(new Instruction(whole.substring(0, space).toUpperCase(Locale.ROOT),
                    whole.substring(space + 1).trim()));
        }
        return instructions;
    }

    /** One Dockerfile instruction: its keyword (upper case) and its arguments. */
    record Instruction(String keyword, String arguments) {
    }
}
