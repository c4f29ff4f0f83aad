package io.mailmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml against the modules (no Docker engine runs here): every executable is a service built from
 * the one Dockerfile, every environment variable is one its code reads, ports and dependencies line up.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern READS = Pattern.compile(
            "\\$\\{env:([A-Z][A-Z0-9_]*)|getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)|env\\.(?:get(?:OrDefault)?|apply)\\(\"([A-Z][A-Z0-9_]*)\""
                    + "|_VARIABLE = \"([A-Z][A-Z0-9_]*)\"|MeshTools\\.env\\(\"([A-Z][A-Z0-9_]*)\""
                    + "|new EnvVariable\\(\"([A-Z][A-Z0-9_]*)\"");

    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker/compose.yaml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void everyExecutableIsAServiceBuiltFromTheDockerfileWithItsName() {
        // given the six executables
        // when their services are looked up
        // then each builds docker/Dockerfile with EXECUTABLE set to its module
        for (String executable : MeshProcesses.EXECUTABLES) {
            assertThat(services).containsKey(executable);
            Map<?, ?> build = (Map<?, ?>) services.get(executable).get("build");
            assertThat(build.get("dockerfile")).isEqualTo("docker/Dockerfile");
            assertThat(((Map<?, ?>) build.get("args")).get("EXECUTABLE")).isEqualTo(executable);
            assertThat(ROOT.resolve(executable).resolve("pom.xml")).exists();
        }
        assertThat(services).containsKeys("nats", "redis", "mail");
        assertThat(String.valueOf(services.get("nats").get("command"))).contains("-js").contains("/data");
    }

    @Test
    void everyEnvironmentVariableIsOneTheExecutableReads() {
        // given the variables each module's code (and mesh-core's) reads
        // when each service's environment is compared with them
        // then none is unknown
        for (String executable : MeshProcesses.EXECUTABLES) {
            Set<String> read = variablesRead(ROOT.resolve(executable), ROOT.resolve("mesh-core"));
            assertThat(read).as("variables read by " + executable).contains("NATS_URL", "MESH_HTTP_PORT");
            assertThat(environment(executable).keySet()).as(executable + "'s environment").isSubsetOf(read);
        }
        Set<String> mailReads = variablesRead(ROOT.resolve("e2e-tests"));
        assertThat(environment("mail").keySet()).isSubsetOf(mailReads);
    }

    @Test
    void portsHostsAndHealthDependenciesLineUp() {
        // given the infrastructure services
        Map<String, String> mail = environment("mail");
        // when each executable's settings are read
        for (String executable : MeshProcesses.EXECUTABLES) {
            Map<String, String> env = environment(executable);
            // then NATS is the nats service, the management port the image's health check port, nats healthy first
            assertThat(URI.create(env.get("NATS_URL")).getHost()).isEqualTo("nats");
            assertThat(URI.create(env.get("NATS_URL")).getPort()).isEqualTo(4222);
            assertThat(env.get("MESH_HTTP_PORT")).isEqualTo("8081");
            assertThat(dependsOn(executable)).containsEntry("nats", "service_healthy");
        }
        Map<String, String> smtp = environment("smtp-bridge");
        assertThat(smtp.get("SMTP_RELAY_HOST")).isEqualTo("mail");
        assertThat(smtp.get("SMTP_RELAY_PORT")).isEqualTo(mail.get("MAIL_SMTP_PORT"));
        assertThat(dependsOn("smtp-bridge")).containsEntry("mail", "service_healthy");
        assertThat(ports("smtp-bridge")).contains(port(smtp.get("SMTP_LISTEN")) + ":" + port(smtp.get("SMTP_LISTEN")));
        Map<String, String> api = environment("api-emitter");
        assertThat(ports("api-emitter")).contains(api.get("API_PORT") + ":" + api.get("API_PORT"));
        assertThat(URI.create(api.get("REDIS_URL")).getHost()).isEqualTo("redis");
        assertThat(dependsOn("api-emitter")).containsEntry("redis", "service_healthy");
        assertThat(ports("mail")).contains(mail.get("MAIL_SMTP_PORT") + ":" + mail.get("MAIL_SMTP_PORT"),
                mail.get("MAIL_IMAP_PORT") + ":" + mail.get("MAIL_IMAP_PORT"));
        assertThat(String.valueOf(services.get("mail").get("healthcheck"))).contains(mail.get("MAIL_IMAP_PORT"));
        // and no two services publish the same host port
        List<String> hostPorts = services.keySet().stream().flatMap(s -> ports(s).stream())
                .map(p -> p.split(":")).map(p -> p[p.length - 2]).toList(); // [address:]host:container
        assertThat(hostPorts).doesNotHaveDuplicates();
    }

    @Test
    void secretsComeFromTheEnvironmentAndOnlyTheProcessesThatDecryptCredentialsGetTheKey() throws IOException {
        // given the compose file's text and services
        String text = Files.readString(ROOT.resolve("docker/compose.yaml"));
        // then the production profile runs, with no secret written in the file
        assertThat(text).contains("MESH_PROFILE: production").doesNotContain("MESH_PROFILE: development");
        assertThat(text).contains("${MESH_SECRET_KEY:?").contains("${REDIS_PASSWORD:?").contains("${API_ADMIN_TOKEN:?");
        for (String executable : MeshProcesses.EXECUTABLES) {
            boolean decrypts = !List.of("mq-worker", "identities-worker").contains(executable);
            assertThat(environment(executable).containsKey("MESH_SECRET_KEY")).as(executable).isEqualTo(decrypts);
        }
        assertThat(environment("api-emitter").get("REDIS_URL")).startsWith("redis://:secret@redis:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void natsRunsInOperatorModeAndEachExecutableMountsOnlyItsOwnCredentials() {
        // given the services
        // when nats, provisioning and the executables are read
        // then nats starts from the generated configuration, provisioning holds the ops credentials, and every
        // executable holds its own and no one else's; the keys stay in the nats-auth service
        assertThat(String.valueOf(services.get("nats").get("command"))).contains("-c, /conf/nats-server.conf");
        assertThat(dependsOn("nats")).containsEntry("nats-auth", "service_completed_successfully");
        assertThat((List<String>) services.get("provision").get("volumes")).containsExactly("creds-ops:/run/mesh:ro");
        for (String executable : MeshProcesses.EXECUTABLES) {
            assertThat(environment(executable)).containsEntry("NATS_CREDS", "/run/mesh/nats.creds");
            assertThat(dependsOn(executable)).containsEntry("provision", "service_completed_successfully");
            List<String> volumes = (List<String>) services.get(executable).get("volumes");
            assertThat(volumes).contains("creds-" + executable + ":/run/mesh:ro")
                    .noneMatch(v -> v.startsWith("creds-") && !v.startsWith("creds-" + executable + ":"))
                    .noneMatch(v -> v.startsWith("nats-auth:"));
        }
        assertThat(String.valueOf(services.get("nats-auth").get("command"))).contains("--export-owner, 10001");
    }

    @Test
    void dockerfileBuildsTheChosenExecutableAsNonRootWithAHealthCheck() throws IOException {
        // given the Dockerfile
        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        // when its stages are read
        // then the base images are build arguments defaulting to the public JDK and JRE, the argument picks the
        // module's shaded jar, the user is not root, and the health check asks /readyz
        assertThat(dockerfile).contains("ARG EXECUTABLE").contains("$EXECUTABLE/target/$EXECUTABLE.jar")
                .contains("ARG BUILD_IMAGE=eclipse-temurin:17-jdk").contains("ARG RUNTIME_IMAGE=eclipse-temurin:17-jre")
                .contains("FROM ${BUILD_IMAGE} AS build").contains("FROM ${RUNTIME_IMAGE}").contains("USER mesh")
                .contains("/readyz").containsPattern("HEALTHCHECK .*");
        for (String module : List.of("common-orders", "mesh-core", "e2e-tests")) {
            assertThat(dockerfile).contains("COPY " + module + " " + module);
        }
        MeshProcesses.EXECUTABLES.forEach(e -> assertThat(dockerfile).contains("COPY " + e + " " + e));
        // and the one build stage takes no EXECUTABLE, so every image shares it
        String buildStage = dockerfile.substring(dockerfile.indexOf("AS build"), dockerfile.indexOf("AS prebuilt"));
        assertThat(buildStage).doesNotContain("EXECUTABLE");
    }

    @Test
    void theBuildContextLetsInNoHistoryNoLocalStateAndOfTargetOnlyTheShadedJars() throws IOException {
        // given .dockerignore
        List<String> rules = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        // then .git, .mesh and every target/ are out, and the one exception per image is its module's shaded jar
        assertThat(rules).contains(".git", ".mesh", "**/target");
        List<String> images = new java.util.ArrayList<>(MeshProcesses.EXECUTABLES);
        images.add("e2e-tests");
        assertThat(rules.stream().filter(r -> r.startsWith("!")).toList()).containsExactlyInAnyOrderElementsOf(
                images.stream().map(e -> "!" + e + "/target/" + e + ".jar").toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLocalOverlayPutsEveryServiceOnTheHostNetworkOnLoopbackPortsFromTheEnvironment() throws IOException {
        // given docker/compose.local.yaml, laid over compose.yaml by docker/test
        Map<String, Object> local = new Yaml().load(Files.readString(ROOT.resolve("docker/compose.local.yaml")));
        Map<String, Map<String, Object>> overlay = (Map<String, Map<String, Object>>) local.get("services");
        // then every service of the compose file runs on the host network
        services.keySet().stream().filter(s -> !List.of("prometheus", "grafana").contains(s))
                .forEach(s -> assertThat(overlay.get(s)).as(s).containsEntry("network_mode", "host"));
        // and each executable reaches NATS on loopback and has a management port of its own
        Set<String> managementPorts = new HashSet<>();
        for (String executable : MeshProcesses.EXECUTABLES) {
            Map<String, Object> env = (Map<String, Object>) overlay.get(executable).get("environment");
            assertThat(String.valueOf(env.get("NATS_URL"))).startsWith("nats://127.0.0.1:${NATS_PORT");
            assertThat(managementPorts.add(String.valueOf(env.get("MESH_HTTP_PORT")))).as(executable).isTrue();
        }
        // and the servers listen on loopback, never on a fixed port of the machine's own services
        assertThat(String.valueOf(overlay.get("nats").get("command"))).contains("-a, 127.0.0.1")
                .doesNotContain("4222");
        assertThat(String.valueOf(overlay.get("redis").get("command"))).contains("--bind, 127.0.0.1")
                .doesNotContain("6379");
        assertThat(((Map<String, Object>) overlay.get("mail").get("environment")).get("MAIL_BIND"))
                .isEqualTo("127.0.0.1");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String service) {
        Map<String, Object> env = (Map<String, Object>) services.get(service).get("environment");
        Map<String, String> strings = new java.util.LinkedHashMap<>();
        // a secret interpolated from the environment (${NAME:?…}) stands as a placeholder
        env.forEach((k, v) -> strings.put(k, String.valueOf(v)
                .replaceAll("\\$\\{[A-Z_]+(:[?-][^}]*)?}", "secret")));
        return strings;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> dependsOn(String service) {
        Map<String, Map<String, String>> deps = (Map<String, Map<String, String>>) services.get(service)
                .get("depends_on");
        Map<String, String> conditions = new java.util.HashMap<>();
        deps.forEach((k, v) -> conditions.put(k, v.get("condition")));
        return conditions;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ports(String service) {
        Object ports = services.get(service).get("ports");
        return ports == null ? List.of() : (List<String>) ports;
    }

    private static String port(String listen) {
        return listen.substring(listen.lastIndexOf(':') + 1);
    }

    static Set<String> variablesRead(Path... modules) {
        Set<String> names = new HashSet<>();
        for (Path module : modules) {
            try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    try {
                        Matcher m = READS.matcher(Files.readString(f));
                        while (m.find()) {
                            for (int g = 1; g <= m.groupCount(); g++) {
                                if (m.group(g) != null) {
                                    names.add(m.group(g));
                                }
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }
}
