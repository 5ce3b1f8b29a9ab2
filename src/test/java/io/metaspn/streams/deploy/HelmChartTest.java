package io.metaspn.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.metaspn.streams.cli.Redactor;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart {@code helm/metaspn-streams}: it lints strictly, and what it renders (with the default values
 * and with Secrets, a token, a ServiceMonitor, the reset Job and 3 replicas) parses strictly into the Kubernetes
 * model and runs the application as promised: probes on the health paths, the state directory on the pod's
 * volume, static membership and application.server from the pod's name, a grace period longer than the close,
 * a PodDisruptionBudget, and secrets only by reference.
 */
class HelmChartTest {

    private static final String NAME = "demo-metaspn-streams";
    private static final String HEADLESS = NAME + "-headless";

    /** Every option of the chart that references a Secret, on. */
    private static final Object[] SECRETS = {
        "kafka.existingSecret", "kafka-client", "kafka.existingSecretKey", "client.properties",
        "http.tokenSecret.name", "metaspn-http-token",
        "extraSecretVolumes[0].name", "truststore", "extraSecretVolumes[0].secretName", "kafka-truststore",
        "extraSecretVolumes[0].mountPath", "/etc/metaspn/secrets/truststore"};

    @Test
    void lintsStrictly() {
        LintResult lint = new Helm(HelmChartManifests.CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void aMisspelledFieldFailsTheParse() {
        String misspelled = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: x
                spec:
                  clusterIp: None
                """;

        assertThatThrownBy(() -> HelmChartManifests.parse(misspelled)).hasMessageContaining("clusterIp");
        assertThatThrownBy(() -> HelmChartManifests.parse(misspelled.replace("clusterIp: None",
                "ports:\n    - port: \"8080\"\n"))).as("a string where the API wants an integer")
                .hasMessageContaining("port");
    }

    @Test
    void defaultsRenderAStatefulSetWithServicesConfigMapAndDisruptionBudget() {
        HelmChartManifests manifests = HelmChartManifests.render();

        assertThat(manifests.all()).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
                "StatefulSet", "Service", "Service", "ConfigMap", "PodDisruptionBudget");
        StatefulSet statefulSet = manifests.one(StatefulSet.class);
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
        assertThat(statefulSet.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(HEADLESS);
        Container app = container(statefulSet);
        assertThat(app.getImage()).isEqualTo("metaspn/metaspn-streams:0.1.0");
        assertThat(app.getArgs()).containsExactly("run");
        assertThat(env(app)).containsEntry("METASPN_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("METASPN_SCHEMA_REGISTRY_URL", "http://schema-registry:8081")
                .containsEntry("METASPN_APPLICATION_ID", "metaspn-streams")
                .containsEntry("METASPN_CONFIG", "/etc/metaspn/config/app.properties")
                .containsEntry("METASPN_HTTP_PORT", "8080")
                .containsEntry("METASPN_HTTP_STATE_QUERIES", "true")
                .doesNotContainKey("METASPN_HTTP_TOKEN_FILE");
        assertThat(manifests.ofKind("ServiceMonitor")).isEmpty();
        assertThat(manifests.all(Job.class)).isEmpty();
    }

    @Test
    void probesAskTheHealthPathsOnTheHttpPort() {
        Container app = container(HelmChartManifests.render().one(StatefulSet.class));

        assertThat(app.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertHttpProbe(app.getLivenessProbe(), "/health/live");
        assertHttpProbe(app.getReadinessProbe(), "/health/ready");
        assertHttpProbe(app.getStartupProbe(), "/health/live");
        assertThat(app.getStartupProbe().getPeriodSeconds() * app.getStartupProbe().getFailureThreshold())
                .as("seconds a start may take").isGreaterThanOrEqualTo(120);
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    @Test
    void theStateDirectoryLivesOnThePodsOwnVolumeClaim() {
        StatefulSet statefulSet = HelmChartManifests.render().one(StatefulSet.class);
        Container app = container(statefulSet);

        PersistentVolumeClaim claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).hasSize(1);
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("10Gi");
        VolumeMount data = mount(app, claim.getMetadata().getName());
        Path stateDir = Path.of(env(app).get("METASPN_STATE_DIR"));
        assertThat(stateDir.getParent()).isEqualTo(Path.of(data.getMountPath()));
        assertThat(data.getMountPath()).isEqualTo("/var/lib/metaspn");
        assertThat(volumes(statefulSet)).doesNotContainKey(claim.getMetadata().getName());
    }

    @Test
    void withoutPersistenceTheStateIsOnAnEmptyDir() {
        StatefulSet statefulSet = HelmChartManifests.render("persistence.enabled", false).one(StatefulSet.class);

        assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).isEmpty();
        assertThat(volumes(statefulSet).get("data").getEmptyDir()).isNotNull();
        assertThat(mount(container(statefulSet), "data").getMountPath()).isEqualTo("/var/lib/metaspn");
    }

    @Test
    void staticMembershipAndApplicationServerComeFromThePodName() {
        HelmChartManifests manifests = HelmChartManifests.render("replicaCount", 3);
        StatefulSet statefulSet = manifests.one(StatefulSet.class);
        Container app = container(statefulSet);
        Map<String, EnvVar> env = app.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));

        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
        assertThat(env.get("METASPN_GROUP_INSTANCE_ID").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(env.get("METASPN_APPLICATION_SERVER").getValue())
                .isEqualTo("$(POD_NAME)." + HEADLESS + ".$(POD_NAMESPACE).svc.cluster.local:8080");
        List<String> names = app.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(names.indexOf("POD_NAME")).as("$(POD_NAME) is expanded only from variables defined before it")
                .isLessThan(names.indexOf("METASPN_APPLICATION_SERVER"));
        assertThat(names.indexOf("POD_NAMESPACE")).isLessThan(names.indexOf("METASPN_APPLICATION_SERVER"));

        Service headless = manifests.named(Service.class, HEADLESS);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(headless.getSpec().getSelector()).isEqualTo(statefulSet.getSpec().getSelector().getMatchLabels());
        assertThat(headless.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        Service http = manifests.named(Service.class, NAME);
        assertThat(http.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(http.getSpec().getClusterIP()).isNull();
        assertThat(http.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
    }

    @Test
    void podsRunAsTheImagesNonRootUserOnAReadOnlyRootWithAWritableTmp() {
        StatefulSet statefulSet = HelmChartManifests.render().one(StatefulSet.class);
        PodSpec pod = statefulSet.getSpec().getTemplate().getSpec();
        Container app = container(statefulSet);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
        assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(app.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(app.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(volumes(statefulSet).get(mount(app, "tmp").getName()).getEmptyDir()).isNotNull();
        assertThat(mount(app, "tmp").getMountPath()).isEqualTo("/tmp");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(app.getResources().getLimits()).containsKey("memory");
        assertThat(env(app).get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=60");
        assertThat(env(container(HelmChartManifests.render("jvm.maxRAMPercentage", 50).one(StatefulSet.class)))
                .get("JAVA_TOOL_OPTIONS")).startsWith("-XX:MaxRAMPercentage=50 ");
    }

    @Test
    void theGracePeriodOutlastsTheCloseTimeoutAndTheRenderFailsOtherwise() {
        StatefulSet statefulSet = HelmChartManifests.render("closeTimeoutSeconds", 45,
                "terminationGracePeriodSeconds", 75).one(StatefulSet.class);

        Duration close = Duration.parse(env(container(statefulSet)).get("METASPN_CLOSE_TIMEOUT"));
        assertThat(close).isEqualTo(Duration.ofSeconds(45));
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(75L).isGreaterThan(close.toSeconds());
        StatefulSet defaults = HelmChartManifests.render().one(StatefulSet.class);
        assertThat(defaults.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThan(Duration.parse(env(container(defaults)).get("METASPN_CLOSE_TIMEOUT")).toSeconds());
        assertThatThrownBy(() -> HelmChartManifests.template("closeTimeoutSeconds", 60, "terminationGracePeriodSeconds", 60))
                .hasMessageContaining("terminationGracePeriodSeconds (60) must be greater than closeTimeoutSeconds (60)");
    }

    @Test
    void theConfigMapHoldsTheApplicationPropertiesAndItsChecksumRollsThePods() throws IOException {
        HelmChartManifests defaults = HelmChartManifests.render();
        HelmChartManifests changed = HelmChartManifests.render("config.num\\.standby\\.replicas", 1,
                "config.metaspn\\.dedup\\.retention", "P1D", "replicaCount", 2);

        Properties properties = properties(changed.one(ConfigMap.class));
        assertThat(properties).containsEntry("num.standby.replicas", "1").containsEntry("metaspn.dedup.retention", "P1D")
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("metaspn.rocksdb.memory.bytes", "67108864");
        StatefulSet statefulSet = defaults.one(StatefulSet.class);
        Container app = container(statefulSet);
        Volume config = volumes(statefulSet).get("config");
        assertThat(config.getConfigMap().getName()).isEqualTo(defaults.one(ConfigMap.class).getMetadata().getName());
        assertThat(Path.of(mount(app, "config").getMountPath()).resolve("app.properties").toString())
                .isEqualTo(env(app).get("METASPN_CONFIG"));
        String checksum = checksum(statefulSet);
        assertThat(checksum).matches("[0-9a-f]{64}");
        assertThat(checksum(HelmChartManifests.render("replicaCount", 2).one(StatefulSet.class)))
                .as("same properties, same checksum").isEqualTo(checksum);
        assertThat(checksum(changed.one(StatefulSet.class))).isNotEqualTo(checksum);
    }

    private static String checksum(StatefulSet statefulSet) {
        return statefulSet.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
    }

    @Test
    void secretsAreOnlyReferencedNeverRendered() throws IOException {
        HelmChartManifests manifests = HelmChartManifests.render(SECRETS);
        StatefulSet statefulSet = manifests.one(StatefulSet.class);
        Container app = container(statefulSet);
        Map<String, Volume> volumes = volumes(statefulSet);

        assertThat(manifests.ofKind("Secret")).isEmpty();
        assertThat(volumes.get("kafka-client").getSecret().getSecretName()).isEqualTo("kafka-client");
        assertThat(volumes.get("kafka-client").getSecret().getItems()).singleElement()
                .satisfies(item -> assertThat(item.getKey()).isEqualTo("client.properties"));
        assertThat(mount(app, "kafka-client").getReadOnly()).isTrue();
        String clientFile = Path.of(mount(app, "kafka-client").getMountPath())
                .resolve(volumes.get("kafka-client").getSecret().getItems().get(0).getPath()).toString();
        assertThat(Arrays.asList(env(app).get("METASPN_CONFIG").split(",")))
                .as("the Secret's file last, so its settings win")
                .containsExactly("/etc/metaspn/config/app.properties", clientFile);
        assertThat(volumes.get("truststore").getSecret().getSecretName()).isEqualTo("kafka-truststore");
        assertThat(mount(app, "truststore").getMountPath()).isEqualTo("/etc/metaspn/secrets/truststore");
        assertThat(mount(app, "truststore").getReadOnly()).isTrue();
        Volume token = volumes.get("http-token");
        assertThat(token.getSecret().getSecretName()).isEqualTo("metaspn-http-token");
        assertThat(mount(app, "http-token").getSubPath()).as("a subPath mount would never see a rotated token").isNull();
        assertThat(Path.of(mount(app, "http-token").getMountPath()).resolve(token.getSecret().getItems().get(0).getPath()))
                .isEqualTo(Path.of(env(app).get("METASPN_HTTP_TOKEN_FILE")));

        for (ConfigMap configMap : manifests.all(ConfigMap.class)) {
            assertThat(properties(configMap).stringPropertyNames()).noneMatch(Redactor::isSecretKey);
        }
        for (EnvVar variable : app.getEnv()) {
            if (variable.getValueFrom() != null) {
                assertThat(variable.getValueFrom().getFieldRef()).as(variable.getName()).isNotNull();
            } else if (Redactor.isSecretKey(variable.getName())) {
                assertThat(variable.getName()).as("a secret variable holds a file name").endsWith("_FILE");
            }
        }
        for (Volume volume : volumes.values()) {
            assertThat(volume.getSecret() != null || volume.getConfigMap() != null || volume.getEmptyDir() != null)
                    .as(volume.getName()).isTrue();
        }
    }

    @Test
    void aSecretLookingSettingInTheConfigMapFailsTheRender() {
        for (String key : List.of("sasl.jaas.config", "ssl.keystore.password", "basic.auth.user.info",
                "schema.registry.basic.auth.user.info", "ssl.keystore.key", "sasl.oauthbearer.client.credentials.client.secret")) {
            assertThat(Redactor.isSecretKey(key)).as(key).isTrue();
            assertThatThrownBy(() -> HelmChartManifests.template("config." + key.replace(".", "\\."), "x"))
                    .as(key).hasMessageContaining("config." + key + " looks like a secret");
        }
        assertThat(HelmChartManifests.render("config.ssl\\.truststore\\.location", "/etc/metaspn/secrets/t.p12")
                .one(ConfigMap.class).getData().get("app.properties")).contains("ssl.truststore.location=");
    }

    @Test
    void theDisruptionBudgetLetsOnePodGoAtATime() {
        HelmChartManifests manifests = HelmChartManifests.render("replicaCount", 3);
        PodDisruptionBudget budget = manifests.one(PodDisruptionBudget.class);

        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(manifests.one(StatefulSet.class).getSpec().getSelector().getMatchLabels());
        assertThat(HelmChartManifests.render("podDisruptionBudget.enabled", false).all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void theServiceMonitorAndScrapeAnnotationsAreOptIn() {
        HelmChartManifests manifests = HelmChartManifests.render("metrics.serviceMonitor.enabled", true,
                "metrics.serviceMonitor.labels.release", "prometheus", "metrics.podAnnotations", true);

        GenericKubernetesResource monitor = (GenericKubernetesResource) manifests.ofKind("ServiceMonitor").get(0);
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        Map<String, Object> spec = monitor.get("spec");
        assertThat(spec).containsOnlyKeys("selector", "namespaceSelector", "endpoints");
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics")
                .containsOnlyKeys("port", "path", "interval", "scrapeTimeout");
        @SuppressWarnings("unchecked")
        Map<String, String> selected = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        Service headless = manifests.named(Service.class, HEADLESS);
        assertThat(headless.getMetadata().getLabels()).as("the monitor selects the headless Service: every pod, ready or not")
                .containsAllEntriesOf(selected);
        assertThat(manifests.named(Service.class, NAME).getMetadata().getLabels()).isNotEqualTo(headless.getMetadata().getLabels())
                .doesNotContainEntry("app.kubernetes.io/component", "headless");
        assertThat(manifests.one(StatefulSet.class).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "8080")
                .containsEntry("prometheus.io/path", "/metrics");
        assertThat(HelmChartManifests.render().one(StatefulSet.class).getSpec().getTemplate().getMetadata().getAnnotations())
                .doesNotContainKey("prometheus.io/scrape");
    }

    @Test
    void theResetJobIsAnOptInHookWithTheApplicationsConfigurationAndSecrets(@TempDir Path off, @TempDir Path on)
            throws IOException {
        assertThat(HelmChartManifests.renderWithHooks(off, SECRETS).all(Job.class)).isEmpty();
        Object[] values = Arrays.copyOf(SECRETS, SECRETS.length + 6);
        values[SECRETS.length] = "reset.enabled";
        values[SECRETS.length + 1] = true;
        values[SECRETS.length + 2] = "reset.extraArgs[0]";
        values[SECRETS.length + 3] = "--stage";
        values[SECRETS.length + 4] = "reset.extraArgs[1]";
        values[SECRETS.length + 5] = "m1";
        HelmChartManifests manifests = HelmChartManifests.renderWithHooks(on, values);

        Job job = manifests.one(Job.class);
        assertThat(job.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container reset = pod.getContainers().get(0);
        assertThat(reset.getArgs()).containsExactly("reset", "--stage", "m1");
        Container app = container(manifests.one(StatefulSet.class));
        for (String variable : List.of("METASPN_BOOTSTRAP_SERVERS", "METASPN_SCHEMA_REGISTRY_URL",
                "METASPN_APPLICATION_ID", "METASPN_CONFIG")) {
            assertThat(env(reset)).as(variable).containsEntry(variable, env(app).get(variable));
        }
        assertThat(mount(reset, "kafka-client").getMountPath()).isEqualTo(mount(app, "kafka-client").getMountPath());
        assertThat(mount(reset, "truststore").getMountPath()).isEqualTo(mount(app, "truststore").getMountPath());
        assertThat(reset.getVolumeMounts()).extracting(VolumeMount::getName).doesNotContain("data");
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        assertThat(volumes.get("kafka-client").getSecret().getSecretName()).isEqualTo("kafka-client");

        // a pre-install hook runs before the release's ConfigMap exists: the Job has its own, an earlier hook
        ConfigMap hookConfig = manifests.named(ConfigMap.class, volumes.get("config").getConfigMap().getName());
        assertThat(hookConfig.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "pre-install,pre-upgrade");
        assertThat(Integer.parseInt(hookConfig.getMetadata().getAnnotations().get("helm.sh/hook-weight")))
                .isLessThan(Integer.parseInt(job.getMetadata().getAnnotations().get("helm.sh/hook-weight")));
        assertThat(hookConfig.getData()).isEqualTo(manifests.named(ConfigMap.class, NAME).getData());
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(reset.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        Map<String, String> selector = manifests.one(StatefulSet.class).getSpec().getSelector().getMatchLabels();
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .as("the Job's pod is no endpoint of the Services and counts in no disruption budget").isFalse();
    }

    @Test
    void theNotesTellHowToReachTheApplicationAndToTurnTheResetOff() {
        String notes = new Helm(HelmChartManifests.CHART).install().withName("demo").withNamespace("streams")
                .clientOnly().withDryRunOption(DryRun.CLIENT)
                .set("reset.enabled", true).set("http.tokenSecret.name", "metaspn-http-token").call().getOutput();

        assertThat(notes).contains("rollout status statefulset/" + NAME, "port-forward svc/" + NAME + " 8080:8080",
                "/health/ready", "-H \"Authorization: Bearer $TOKEN\"", "/state/<stage>/<entity>",
                "--set reset.enabled=false");
    }

    @Test
    void theSchemaRejectsWronglyTypedAndUnknownValues() {
        assertThatThrownBy(() -> HelmChartManifests.template("replicaCount", "three"))
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> HelmChartManifests.template("replicas", 3))
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> HelmChartManifests.template("persistence.enable", false))
                .hasMessageContaining("enable");
        assertThatThrownBy(() -> HelmChartManifests.template("http.stateQueries", "maybe"))
                .hasMessageContaining("stateQueries");
        assertThatThrownBy(() -> HelmChartManifests.template("kafka.schemaRegistryUrl", "registry:8081"))
                .hasMessageContaining("schemaRegistryUrl");
    }

    private static Container container(StatefulSet statefulSet) {
        List<Container> containers = statefulSet.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** The container's plain-valued variables (those from a fieldRef or secretKeyRef map to null). */
    private static Map<String, String> env(Container container) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        container.getEnv().forEach(e -> values.put(e.getName(), e.getValue()));
        return values;
    }

    private static VolumeMount mount(Container container, String volume) {
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError("no mount of volume " + volume));
    }

    private static Map<String, Volume> volumes(StatefulSet statefulSet) {
        return statefulSet.getSpec().getTemplate().getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, v -> v));
    }

    private static Properties properties(ConfigMap configMap) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(configMap.getData().get("app.properties")));
        return properties;
    }
}
