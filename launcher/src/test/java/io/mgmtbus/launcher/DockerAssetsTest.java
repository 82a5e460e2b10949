package io.mgmtbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.launcher.security.DemoSecrets;
import io.mgmtbus.testcluster.ContainerCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml and the Dockerfile use only what the code knows, so neither can rot
 * unnoticed (no Docker engine runs here to try them): every bus role runs a real {@code mgmt}
 * command with real options, every {@code MGMT_*} variable it sets is one some component reads,
 * and the ports, images and node names are the code's. Renaming a variable, command or option
 * on one side only fails here.
 */
class DockerAssetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String BUS_IMAGE = "mgmt-bus:dev";
    private static final Pattern ENV_LITERAL = Pattern.compile("\"(MGMT_[A-Z0-9_]+)\"");
    /** The JVM's own variables a role may set besides the bus's. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    private final Map<String, Object> compose = load(ROOT.resolve("docker-compose.yml"));
    private final Map<String, Map<String, Object>> services = section(compose, "services");

    @Test
    void everyBusRoleRunsAKnownCommandWithKnownOptions() {
        CommandLine mgmt = Mgmt.commandLine();
        assertThat(busRoles()).containsKeys("streams-app", "agent");
        busRoles().forEach((service, spec) -> {
            List<String> command = strings(spec.get("command"));
            assertThat(mgmt.getSubcommands())
                    .as("%s runs mgmt %s", service, command.get(0))
                    .containsKey(command.get(0));
            CommandLine role = mgmt.getSubcommands().get(command.get(0));
            command.stream()
                    .filter(arg -> arg.startsWith("--"))
                    .forEach(option -> assertThat(role.getCommandSpec().findOption(option))
                            .as("%s: option %s of mgmt %s", service, option, command.get(0))
                            .isNotNull());
        });
    }

    @Test
    void everyVariableTheRolesSetIsOneTheCodeReads() throws IOException {
        Set<String> read = variablesInCode();
        busRoles()
                .forEach((service, spec) -> assertThat(read)
                        .as("MGMT_* variables the code reads, for %s", service)
                        .containsAll(section(spec, "environment").keySet().stream()
                                .filter(name -> !JVM_VARIABLES.contains(name))
                                .toList()));
    }

    @Test
    void theRolesReachTheBrokerAndRegistryOfThisFile() {
        Map<String, Object> kafka = section(services.get("kafka"), "environment");
        Map<String, Object> registry = section(services.get("schema-registry"), "environment");
        busRoles().forEach((service, spec) -> {
            Map<String, Object> env = section(spec, "environment");
            assertThat(String.valueOf(kafka.get("KAFKA_ADVERTISED_LISTENERS")))
                    .as("%s's bootstrap servers are a listener kafka advertises", service)
                    .contains("//" + env.get("MGMT_BOOTSTRAP_SERVERS"));
            String url = String.valueOf(env.get("MGMT_SCHEMA_REGISTRY_URL"));
            assertThat(url).as(service).startsWith("http://schema-registry:");
            assertThat(String.valueOf(registry.get("SCHEMA_REGISTRY_LISTENERS")))
                    .as("the registry listens where %s looks", service)
                    .endsWith(url.substring(url.lastIndexOf(':')));
        });
    }

    @Test
    void portsImagesAndNodesAreTheCodes() throws IOException {
        assertThat(strings(services.get("kafka").get("ports")))
                .containsExactly("127.0.0.1:" + BusConfig.DEFAULT_KAFKA_PORT + ":" + BusConfig.DEFAULT_KAFKA_PORT);
        assertThat(strings(services.get("schema-registry").get("ports")))
                .containsExactly(
                        "127.0.0.1:" + BusConfig.DEFAULT_REGISTRY_PORT + ":" + BusConfig.DEFAULT_REGISTRY_PORT);
        assertThat(strings(services.get("agent").get("ports")))
                .containsExactly("127.0.0.1:" + BusConfig.DEFAULT_HTTP_PORT + ":" + BusConfig.DEFAULT_HTTP_PORT);
        assertThat(strings(services.get("agent").get("command")))
                .containsSequence("--port", Integer.toString(BusConfig.DEFAULT_HTTP_PORT));
        assertThat(String.valueOf(services.get("kafka").get("image")))
                .as("the broker image is the Kafka version of the Maven artifacts")
                .isEqualTo("apache/kafka:" + pomProperty("kafka.version"))
                .as("and the one the tests' Testcontainers path runs")
                .isEqualTo(ContainerCluster.kafkaImage());
        assertThat(String.valueOf(services.get("schema-registry").get("image")))
                .isEqualTo(ContainerCluster.REGISTRY_IMAGE);
        Map<String, String> nodes = new LinkedHashMap<>();
        busRoles().forEach((service, spec) -> {
            Map<String, Object> env = section(spec, "environment");
            if (env.containsKey("MGMT_NODE_NAME")) {
                assertThat(env.get("MGMT_NODE_NAME"))
                        .as("service name is the node name")
                        .isEqualTo(service);
                nodes.put(service, String.valueOf(env.get("MGMT_NODE_LABELS")));
            }
        });
        assertThat(nodes.keySet()).containsExactlyInAnyOrderElementsOf(DemoSecrets.DEMO_NODES);
        nodes.forEach((node, labels) -> assertThat(labels).isEqualTo("role=" + DemoSecrets.demoRole(node)));
        assertThat(section(compose, "volumes")).containsKey("kafka-data");
    }

    @Test
    void theDockerfileRunsTheLauncherMavenBuilds() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("ENTRYPOINT [\"java\", \"-cp\", \"/opt/mgmt/launcher.jar:/opt/mgmt/lib/*\", \""
                        + Mgmt.class.getName() + "\"]")
                .contains("EXPOSE " + BusConfig.DEFAULT_HTTP_PORT)
                .containsPattern("(?m)^USER mgmt$");
        String launcherPom = Files.readString(ROOT.resolve("launcher/pom.xml"));
        assertThat(launcherPom).contains("<finalName>launcher</finalName>").contains("target/lib");
        assertThat(dockerfile).contains("/build/launcher/target/launcher.jar").contains("/build/launcher/target/lib/");
        Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile);
        List<String> stages = new ArrayList<>();
        while (from.find()) {
            stages.add(from.group(1));
        }
        assertThat(stages).as("a Maven build stage, then a JRE").hasSize(2);
        assertThat(stages.get(0)).startsWith("maven:").contains("temurin-17");
        assertThat(stages.get(1))
                .as("jammy: uid 1000 is free there for the mgmt user")
                .isEqualTo("eclipse-temurin:17-jre-jammy");
    }

    /** The services running the bus's own image. */
    private Map<String, Map<String, Object>> busRoles() {
        Map<String, Map<String, Object>> roles = new LinkedHashMap<>();
        services.forEach((name, spec) -> {
            if (BUS_IMAGE.equals(spec.get("image"))) {
                roles.put(name, spec);
            }
        });
        return roles;
    }

    /** Every MGMT_* name written as a string literal in the main code of any module. */
    private static Set<String> variablesInCode() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path sources : modules.map(m -> m.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file :
                            files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        Matcher m = ENV_LITERAL.matcher(Files.readString(file));
                        while (m.find()) {
                            names.add(m.group(1));
                        }
                    }
                }
            }
        }
        return names;
    }

    private static String pomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as(name + " in the parent pom").isTrue();
        return m.group(1);
    }

    private static Map<String, Object> load(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> section(Map<String, ?> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, V>) value;
    }

    private static List<String> strings(Object list) {
        assertThat(list).isInstanceOf(List.class);
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }
}
