package io.metaspn.streams.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the chart {@code helm/metaspn-streams} with helm-java ({@code helm template}) and parses every
 * rendered document into the fabric8 Kubernetes model, strictly: the model classes keep unknown fields in an
 * "additional properties" map, which this parser switches off, so a misspelled field fails the parse.
 */
final class HelmChartManifests {

    /** The chart, from the project base directory (Maven runs tests there). */
    static final Path CHART = chartDirectory();

    /** Kinds this chart renders, by their model class. ServiceMonitor (a CRD) is kept generic. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "StatefulSet", StatefulSet.class,
            "Service", Service.class,
            "ConfigMap", ConfigMap.class,
            "PodDisruptionBudget", PodDisruptionBudget.class,
            "Job", Job.class);

    private static final String HOOK_PREFIX = "helm.sh/hook";
    private static final String HIDDEN_HOOK_PREFIX = "test.metaspn.io/hook";

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Fails on unknown properties, including those the model would keep in its additionalProperties. */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "3" where the API wants 3 is refused by the API server too
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private static final JsonMapper LENIENT = JsonMapper.builder().build();

    private final List<HasMetadata> resources;

    private HelmChartManifests(List<HasMetadata> resources) {
        this.resources = resources;
    }

    /** {@code helm template} of the chart with these {@code --set} values (key, value, key, value...). */
    static String template(Object... setPairs) {
        TemplateCommand template = new Helm(CHART).template().withName("demo").withNamespace("streams");
        for (int i = 0; i + 1 < setPairs.length; i += 2) {
            template = template.set(setPairs[i].toString(), setPairs[i + 1]);
        }
        return template.call();
    }

    /** Renders with these values and parses every document strictly. */
    static HelmChartManifests render(Object... setPairs) {
        return parse(template(setPairs));
    }

    /**
     * Renders with these values, Helm hooks included, and parses every document strictly. helm-java's
     * template returns the release manifest without the hooks (the helm CLI appends them), so this renders a
     * copy of the chart whose hook annotations are renamed (hooks then render as ordinary resources) and
     * gives the parsed resources their real annotation names back.
     */
    static HelmChartManifests renderWithHooks(Path workDir, Object... setPairs) throws IOException {
        Path copy = workDir.resolve("metaspn-streams");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (file.getParent().getFileName().toString().equals("templates")) {
                    Files.writeString(target, Files.readString(file).replace(HOOK_PREFIX, HIDDEN_HOOK_PREFIX));
                } else {
                    Files.copy(file, target);
                }
            }
        }
        TemplateCommand template = new Helm(copy).template().withName("demo").withNamespace("streams");
        for (int i = 0; i + 1 < setPairs.length; i += 2) {
            template = template.set(setPairs[i].toString(), setPairs[i + 1]);
        }
        HelmChartManifests manifests = parse(template.call());
        for (HasMetadata resource : manifests.resources) {
            Map<String, String> annotations = resource.getMetadata().getAnnotations();
            if (annotations != null) {
                Map<String, String> restored = new LinkedHashMap<>();
                annotations.forEach((key, value) -> restored.put(key.replace(HIDDEN_HOOK_PREFIX, HOOK_PREFIX), value));
                resource.getMetadata().setAnnotations(restored);
            }
        }
        return manifests;
    }

    /** Parses a multi-document YAML stream of Kubernetes resources strictly into the model. */
    static HelmChartManifests parse(String yaml) {
        List<HasMetadata> parsed = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String kind = document.path("kind").asText();
                String json = document.toString();
                Class<? extends HasMetadata> type = KINDS.get(kind);
                if (type != null) {
                    parsed.add(STRICT.readValue(json, type));
                } else if (kind.equals("ServiceMonitor")) {
                    parsed.add(LENIENT.readValue(json, GenericKubernetesResource.class));
                } else {
                    throw new AssertionError("unexpected kind " + kind + " rendered: " + json);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HelmChartManifests(parsed);
    }

    List<HasMetadata> all() {
        return resources;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The one resource of this type (fails when there are none or several). */
    <T extends HasMetadata> T one(Class<T> type) {
        List<T> matching = all(type);
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", got " + matching.size());
        }
        return matching.get(0);
    }

    /** The resource of this type and name. */
    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    /** Resources of this kind (e.g. a ServiceMonitor, kept generic). */
    List<HasMetadata> ofKind(String kind) {
        return resources.stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    private static Path chartDirectory() {
        Path chart = Path.of("helm", "metaspn-streams").toAbsolutePath();
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new IllegalStateException("no chart at " + chart + ": run the tests from the project base directory");
        }
        return chart;
    }
}
