package io.metaspn.streams.deploy;

import static io.metaspn.streams.deploy.DeployFiles.child;
import static io.metaspn.streams.deploy.DeployFiles.children;
import static io.metaspn.streams.deploy.DeployFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaspn.streams.cli.MetaspnCli;
import io.metaspn.streams.deploy.DeployFiles.Instruction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The Dockerfile builds what the contract promises (multi-stage, non-root, the jar the pom builds as entrypoint, the
 * state volume, the health check), and the jib profile builds the same layout.
 */
class DockerfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_VOLUME = "/var/lib/metaspn";

    private static List<List<Instruction>> stages() throws Exception {
        List<List<Instruction>> stages = new ArrayList<>();
        for (Instruction instruction : DeployFiles.dockerfile()) {
            if (instruction.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            assertThat(stages).as("an instruction before the first FROM: %s", instruction).isNotEmpty();
            stages.get(stages.size() - 1).add(instruction);
        }
        return stages;
    }

    private static List<String> arguments(List<Instruction> stage, String keyword) {
        return stage.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    private static String last(List<Instruction> stage, String keyword) {
        List<String> all = arguments(stage, keyword);
        assertThat(all).as("%s in the stage", keyword).isNotEmpty();
        return all.get(all.size() - 1);
    }

    /** ENV a=b c="d e" → {a=b, c=d e}. */
    private static Map<String, String> environment(List<Instruction> stage) {
        Map<String, String> environment = new LinkedHashMap<>();
        Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
        for (String arguments : arguments(stage, "ENV")) {
            Matcher matcher = pair.matcher(arguments);
            while (matcher.find()) {
                environment.put(matcher.group(1), matcher.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return environment;
    }

    @Test
    void aMavenBuildStageThenAJre17RuntimeStage() throws Exception {
        List<List<Instruction>> stages = stages();

        assertThat(stages).hasSize(2);
        assertThat(stages.get(0).get(0).arguments()).isEqualTo("maven:3.9-eclipse-temurin-17 AS build");
        assertThat(stages.get(1).get(0).arguments()).isEqualTo("eclipse-temurin:17-jre");
    }

    @Test
    void theBuildStageCachesDependenciesFirstAndSkipsTestsAndTheRegistrySubBuild() throws Exception {
        List<Instruction> build = stages().get(0);
        List<String> steps = build.stream().map(i -> i.keyword() + " " + i.arguments()).toList();
        int copyPom = steps.indexOf("COPY pom.xml ./");
        int goOffline = indexOf(steps, "RUN mvn .*dependency:go-offline.*");
        int copySources = indexOf(steps, "COPY src/main .*");
        int packaging = indexOf(steps, "RUN mvn .* package .*");

        assertThat(copyPom).as("pom.xml copied on its own").isNotNegative();
        assertThat(goOffline).as("dependencies resolved from the pom alone, before the sources").isGreaterThan(copyPom)
                .isLessThan(copySources);
        assertThat(packaging).isGreaterThan(copySources);
        assertThat(steps.get(packaging)).contains("-Dmaven.test.skip=true");
        // every directory the pom builds from is in the image build
        for (String needed : List.of("schemas", "examples", "src/main")) {
            assertThat(steps).as("COPY %s", needed).anyMatch(s -> s.startsWith("COPY " + needed + " "));
        }
        // -Dmaven.test.skip=true turns the tools/apicurio-registry build off (the pom's profile says so)
        Element profile = DeployFiles.profile(DeployFiles.pom(), "apicurio-skip-test-skip");
        assertThat(profile).isNotNull();
        assertThat(text(profile, "activation", "property", "name")).isEqualTo("maven.test.skip");
        assertThat(text(profile, "activation", "property", "value")).isEqualTo("true");
        assertThat(text(profile, "properties", "apicurio.build.skip")).isEqualTo("true");
        // the registry sub-build runs only before the integration tests, never in `package`
        assertThat(Files.readString(DeployFiles.ROOT.resolve("pom.xml"), StandardCharsets.UTF_8))
                .contains("<skip>${apicurio.build.skip}</skip>").contains("<phase>pre-integration-test</phase>");
    }

    private static int indexOf(List<String> steps, String regex) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).matches(regex)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theRuntimeRunsTheJarThePomBuildsAsANonRootUserWithTheStateUnderTheVolume() throws Exception {
        List<Instruction> runtime = stages().get(1);
        String jar = "/opt/metaspn/" + DeployFiles.jarName();

        assertThat(JSON.readValue(last(runtime, "ENTRYPOINT"), String[].class)).containsExactly("java", "-jar", jar);
        assertThat(JSON.readValue(last(runtime, "CMD"), String[].class)).containsExactly("run");
        assertThat(MetaspnCli.commandLine().getSubcommands()).containsKey("run");
        assertThat(arguments(runtime, "COPY")).anyMatch(c -> c.startsWith("--from=build ") && c.endsWith(" " + jar));
        String builtJar = "target/" + DeployFiles.jarName();
        assertThat(arguments(stages().get(0), "RUN")).anyMatch(r -> r.contains(builtJar));

        String user = last(runtime, "USER");
        assertThat(user).isEqualTo("10001:10001").doesNotStartWith("0").doesNotStartWith("root");
        assertThat(arguments(runtime, "RUN")).anyMatch(r -> r.contains("useradd") && r.contains("--uid 10001")
                && r.contains(" metaspn") && r.contains("chown -R 10001:10001 " + STATE_VOLUME));

        Map<String, String> environment = environment(runtime);
        assertThat(environment.get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75")
                .contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(environment.get("METASPN_STATE_DIR")).isEqualTo(STATE_VOLUME + "/state");
        assertThat(last(runtime, "VOLUME")).isEqualTo(STATE_VOLUME);
        assertThat(last(runtime, "WORKDIR")).isEqualTo(STATE_VOLUME);
        assertThat(last(runtime, "EXPOSE")).isEqualTo("8080");
    }

    @Test
    void theHealthCheckAsksLivenessOverHttpWithoutStartingAJvm() throws Exception {
        String healthcheck = last(stages().get(1), "HEALTHCHECK");

        assertThat(healthcheck).contains("CMD curl ").contains("http://127.0.0.1:${METASPN_HTTP_PORT:-8080}/health/live")
                .contains("--max-time").doesNotContain("java");
        Matcher timeout = Pattern.compile("--timeout=(\\d+)s").matcher(healthcheck);
        assertThat(timeout.find()).isTrue();
        Matcher curlMax = Pattern.compile("--max-time (\\d+)").matcher(healthcheck);
        assertThat(curlMax.find()).isTrue();
        assertThat(Integer.parseInt(curlMax.group(1))).as("curl gives up before Docker does")
                .isLessThan(Integer.parseInt(timeout.group(1)));
    }

    @Test
    void theDockerignoreKeepsTheBuildInputsAndDropsBuildOutputAndLocalData() throws Exception {
        List<String> ignored = Files.readAllLines(DeployFiles.ROOT.resolve(".dockerignore"), StandardCharsets.UTF_8)
                .stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(ignored).contains("target/", ".git", "metaspn-data/");
        assertThat(ignored).doesNotContain("pom.xml", "schemas", "schemas/", "examples", "examples/", "src", "src/",
                "src/main", "src/main/");
    }

    @Test
    void theJibProfileBuildsTheSameLayoutAndVerifyNeverRunsIt() throws Exception {
        Document pom = DeployFiles.pom();
        Element profile = DeployFiles.profile(pom, "jib");
        assertThat(profile).as("the jib profile").isNotNull();
        assertThat(child(profile, "activation")).as("opt-in only").isNull();
        Element plugin = child(profile, "build", "plugins", "plugin");
        assertThat(text(plugin, "artifactId")).isEqualTo("jib-maven-plugin");
        assertThat(text(plugin, "version")).isEqualTo("3.5.2");
        assertThat(text(plugin, "executions", "execution", "goals", "goal")).isEqualTo("buildTar");
        Element configuration = child(plugin, "configuration");
        Element container = child(configuration, "container");
        List<Instruction> runtime = stages().get(1);

        assertThat(text(profile, "properties", "jib.from.image")).isEqualTo(runtime.get(0).arguments());
        assertThat(text(profile, "properties", "jib.to.image"))
                .isEqualTo("metaspn/metaspn-streams:" + DeployFiles.imageTag());
        assertThat(children(child(container, "entrypoint"), "arg").stream().map(e -> e.getTextContent().trim()
                .replace("${project.build.finalName}", text(pom.getDocumentElement(), "build", "finalName"))))
                .containsExactly(JSON.readValue(last(runtime, "ENTRYPOINT"), String[].class));
        assertThat(children(child(container, "args"), "arg").stream().map(e -> e.getTextContent().trim()))
                .containsExactly(JSON.readValue(last(runtime, "CMD"), String[].class));
        assertThat(text(container, "user")).isEqualTo(last(runtime, "USER"));
        assertThat(text(container, "workingDirectory")).isEqualTo(last(runtime, "WORKDIR"));
        assertThat(text(container, "volumes", "volume")).isEqualTo(last(runtime, "VOLUME"));
        assertThat(text(container, "ports", "port")).isEqualTo(last(runtime, "EXPOSE"));
        Map<String, String> environment = environment(runtime);
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "METASPN_STATE_DIR")) {
            assertThat(text(container, "environment", variable)).as(variable).isEqualTo(environment.get(variable));
        }
        // the jar lands where the entrypoint runs it, and Jib's own copy of the application is filtered out
        Element jarPath = children(child(configuration, "extraDirectories", "paths"), "path").get(0);
        assertThat(text(jarPath, "into")).isEqualTo("/opt/metaspn");
        assertThat(text(jarPath, "includes")).isEqualTo("${project.build.finalName}.jar");
        assertThat(text(configuration, "pluginExtensions", "pluginExtension", "configuration", "filters", "filter",
                "glob")).isEqualTo("/app/**");
        // the volume exists, writable by uid 10001; the state directory is left to the application (Kafka Streams
        // makes it owner-only, which fails on a directory the image would ship owned by root)
        assertThat(DeployFiles.ROOT.resolve("deploy/jib" + last(runtime, "VOLUME"))).isDirectory();
        assertThat(DeployFiles.ROOT.resolve("deploy/jib" + environment.get("METASPN_STATE_DIR"))).doesNotExist();
        Element permission = child(configuration, "extraDirectories", "permissions", "permission");
        assertThat(text(permission, "file")).isEqualTo(last(runtime, "VOLUME"));
        assertThat(text(permission, "mode")).isEqualTo("777");
    }
}
