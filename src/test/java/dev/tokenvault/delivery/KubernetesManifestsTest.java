package dev.tokenvault.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The manifests under {@code k8s/} parse into the Kubernetes object model (fabric8), carry no field the model
 * does not know (a typo such as {@code readinesProbe} would be silently ignored by a lenient cluster), and say
 * what the deployment needs: probes, a locked-down security context, resource limits, at least two replicas,
 * no real secret, and the right network ports. Offline: no cluster is involved.
 */
class KubernetesManifestsTest {

    private static final Path BASE = Path.of("k8s", "base");
    private static final Path OVERLAY = Path.of("k8s", "overlays", "example");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void everyManifestParsesWithOnlyKnownFields() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(Path.of("k8s"))) {
            files = all.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml"))
                    .toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        for (Path file : files) {
            HasMetadata resource = load(file, HasMetadata.class);
            assertThat(resource.getKind()).as(file.toString()).isNotBlank();
            assertThat(resource.getMetadata().getName()).as(file.toString()).isNotBlank();
            assertOnlyKnownFields(resource, file.toString());
        }
    }

    @Test
    void baseKustomizationListsEveryResourceButNotTheSecretTemplate() throws IOException {
        List<String> listed = kustomizationList(BASE, "resources");
        for (String file : listed) {
            assertThat(BASE.resolve(file)).exists();
        }
        assertThat(listed).contains("deployment.yaml", "service.yaml", "configmap.yaml", "hpa.yaml", "pdb.yaml",
                "networkpolicy.yaml").doesNotContain("secret.template.yaml");
        assertThat(kinds(listed)).contains("Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "NetworkPolicy");
    }

    @Test
    void deploymentIsProbedLockedDownAndBounded() throws IOException {
        checkDeployment(load(BASE.resolve("deployment.yaml"), Deployment.class));
    }

    @Test
    void renderedExampleOverlayStillSatisfiesTheDeploymentRules() throws Exception {
        // kubectl renders kustomizations offline; without it the overlay's patches are still checked below
        String rendered = kubectl("kustomize", OVERLAY.toString());
        Assumptions.assumeTrue(rendered != null, "kubectl is not installed");
        List<HasMetadata> resources = YAML.unmarshal(rendered);
        Deployment deployment = resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        checkDeployment(deployment);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("tokenvault");
        assertThat(resources).noneMatch(Secret.class::isInstance);
    }

    @Test
    void overlayPatchesTargetBaseResources() throws IOException {
        List<String> patches = kustomizationList(OVERLAY, "patches");
        assertThat(patches).isNotEmpty();
        List<String> baseNames = new ArrayList<>();
        for (String file : kustomizationList(BASE, "resources")) {
            HasMetadata resource = load(BASE.resolve(file), HasMetadata.class);
            baseNames.add(resource.getKind() + "/" + resource.getMetadata().getName());
        }
        try (Stream<Path> files = Files.list(OVERLAY)) {
            for (Path patch : files.filter(p -> !p.endsWith("kustomization.yaml")).toList()) {
                HasMetadata resource = load(patch, HasMetadata.class);
                assertThat(baseNames).as(patch.toString()).contains(resource.getKind() + "/" + resource.getMetadata().getName());
            }
        }
        Deployment nativeFigures = load(OVERLAY.resolve("native-resources.yaml"), Deployment.class);
        var resources = nativeFigures.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        assertThat(resources.getLimits()).containsKeys("cpu", "memory");
        assertThat(resources.getRequests()).containsKeys("cpu", "memory");
    }

    @Test
    void secretTemplateHoldsOnlyPlaceholders() throws IOException {
        Secret secret = load(BASE.resolve("secret.template.yaml"), Secret.class);
        assertThat(secret.getData()).as("no base64 data block").isNullOrEmpty();
        assertThat(secret.getStringData()).containsKeys("encryption-keys", "db-password", "jwt-private.pem", "jwt-public.pem");
        secret.getStringData().forEach((key, value) -> {
            assertThat(value).as(key).contains("REPLACE_ME").doesNotContain("-----BEGIN");
            assertThat(value).as(key + " looks like key material").doesNotContainPattern("[A-Za-z0-9+/]{40,}={0,2}");
        });
        Deployment deployment = load(BASE.resolve("deployment.yaml"), Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        container.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .forEach(e -> assertThat(secret.getStringData()).containsKey(e.getValueFrom().getSecretKeyRef().getKey()));
        deployment.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getSecret() != null)
                .flatMap(v -> v.getSecret().getItems().stream())
                .forEach(item -> assertThat(secret.getStringData()).containsKey(item.getKey()));
    }

    @Test
    void serviceAutoscalerAndDisruptionBudgetMatchTheDeployment() throws IOException {
        Deployment deployment = load(BASE.resolve("deployment.yaml"), Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        Service service = load(BASE.resolve("service.yaml"), Service.class);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));

        HorizontalPodAutoscaler hpa = load(BASE.resolve("hpa.yaml"), HorizontalPodAutoscaler.class);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(hpa.getSpec().getMinReplicas());

        PodDisruptionBudget pdb = load(BASE.resolve("pdb.yaml"), PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isBetween(1, deployment.getSpec().getReplicas() - 1);
    }

    @Test
    void networkPolicyOpensOnlyTheNeededPorts() throws IOException {
        NetworkPolicy policy = load(BASE.resolve("networkpolicy.yaml"), NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(ports(policy.getSpec().getIngress().stream().flatMap(r -> r.getPorts().stream()).toList()))
                .containsExactlyInAnyOrder("TCP/8080", "TCP/9000");
        assertThat(ports(policy.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream()).toList()))
                .containsExactlyInAnyOrder("TCP/5432", "UDP/53", "TCP/53", "TCP/443");

        NetworkPolicy narrowed = load(OVERLAY.resolve("patch-networkpolicy.yaml"), NetworkPolicy.class);
        assertThat(ports(narrowed.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream()).toList()))
                .containsExactlyInAnyOrder("TCP/5432", "UDP/53", "TCP/53", "TCP/443");
    }

    private static void checkDeployment(Deployment deployment) {
        assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();

        Container container = pod.getContainers().get(0);
        assertThat(container.getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("management");
            assertThat(p.getContainerPort()).isEqualTo(9000);
        });
        assertProbe(container.getLivenessProbe(), "/q/health/live");
        assertProbe(container.getReadinessProbe(), "/q/health/ready");
        assertProbe(container.getStartupProbe(), "/q/health/started");

        var security = container.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");

        // the read-only root file system needs a writable /tmp
        String tmpVolume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                .orElseThrow().getName();
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo(tmpVolume);
            assertThat(v.getEmptyDir()).isNotNull();
        });

        // keys and the database password come from the Secret, the JWT keys as mounted files
        Map<String, String> fromSecret = new java.util.HashMap<>();
        container.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .forEach(e -> fromSecret.put(e.getName(), e.getValueFrom().getSecretKeyRef().getName()));
        assertThat(fromSecret).containsKeys("TOKENVAULT_ENCRYPTION_KEYS", "QUARKUS_DATASOURCE_PASSWORD");
        assertThat(container.getEnv()).noneMatch(e -> e.getValue() != null && e.getName().matches(".*(PASSWORD|KEYS)$"));
        String keyDir = container.getVolumeMounts().stream().filter(m -> Boolean.TRUE.equals(m.getReadOnly())
                && pod.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName()) && v.getSecret() != null))
                .findFirst().orElseThrow().getMountPath();
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SMALLRYE_JWT_SIGN_KEY_LOCATION");
            assertThat(e.getValue()).startsWith(keyDir + "/");
        });

        // graceful shutdown: preStop sleep + quarkus.shutdown.timeout (30 s) fit in the grace period
        long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
        assertThat(preStop).isPositive();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(preStop + 30);
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"); // health is not on the public port
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
    }

    private List<String> kinds(List<String> files) throws IOException {
        List<String> kinds = new ArrayList<>();
        for (String file : files) {
            kinds.add(load(BASE.resolve(file), HasMetadata.class).getKind());
        }
        return kinds;
    }

    @SuppressWarnings("unchecked")
    private static List<String> kustomizationList(Path dir, String field) throws IOException {
        Map<String, Object> kustomization = YAML.unmarshal(Files.readString(dir.resolve("kustomization.yaml")), Map.class);
        List<Object> entries = (List<Object>) kustomization.getOrDefault(field, List.of());
        return entries.stream().map(e -> e instanceof Map<?, ?> m ? (String) m.get("path") : (String) e).toList();
    }

    private static <T> T load(Path file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = YAML.unmarshal(in);
            assertThat(parsed).as(file + " is one " + type.getSimpleName()).isInstanceOf(type);
            return type.cast(parsed);
        }
    }

    /** fabric8 keeps unknown fields in {@code additionalProperties}; a valid manifest has none anywhere. */
    private static void assertOnlyKnownFields(Object node, String where) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            items.forEach(item -> assertOnlyKnownFields(item, where));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> assertOnlyKnownFields(value, where));
            return;
        }
        if (!(node instanceof KubernetesResource)) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    assertThat((Map<?, ?>) value).as("unknown fields in " + where + " at "
                            + node.getClass().getSimpleName()).isNullOrEmpty();
                } else {
                    assertOnlyKnownFields(value, where);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            return null; // not installed
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl " + String.join(" ", args) + ": " + err).isZero();
        return out;
    }
}
