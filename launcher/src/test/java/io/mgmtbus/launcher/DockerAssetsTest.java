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
 * docker-compose.yml, its override files and the Dockerfile use only what the code knows: every
 * service of the bus's image runs a real {@code mgmt} command with real options, every {@code
 * MGMT_*} variable it sets is one some component reads, and the ports and node names are the
 * code's. Renaming a variable, command or option on one side only fails here, in the quick loop;
 * {@code ComposeTest} (system-tests) then starts the files for real.
 */
class DockerAssetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String BUS_IMAGE = ContainerCluster.BUS_IMAGE;
    private static final Pattern ENV_LITERAL = Pattern.compile("\"(MGMT_[A-Z0-9_]+)\"");
    /** The JVM's own variables a role may set besides the bus's. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    /** The override files, each merged over docker-compose.yml. */
    private static final List<String> OVERRIDES = List.of("compose/secure.yml", "compose/upstream.yml");

    private final Map<String, Object> compose = load(ROOT.resolve("docker-compose.yml"));
    private final Map<String, Map<String, Object>> services = section(compose, "services");

    @Test
    void everyServiceOfTheBusImageRunsAKnownCommandWithKnownOptions() {
        assertThat(busRoles()).containsKeys("kafka", "schema-registry", "streams-app", "agent");
        Map<String, Map<String, Object>> secure = section(load(ROOT.resolve("compose/secure.yml")), "services");
        Map<String, List<String>> commands = new LinkedHashMap<>();
        busRoles().forEach((service, spec) -> commands.put(service, strings(spec.get("command"))));
        secure.forEach((service, spec) -> {
            if (spec.containsKey("command")) {
                commands.put(service + " (secure)", strings(spec.get("command")));
            }
        });
        commands.forEach((service, command) -> {
            CommandLine mgmt = Mgmt.commandLineFor(new String[] {command.get(0)});
            assertThat(mgmt.getSubcommands())
                    .as("%s runs mgmt %s", service, command.get(0))
                    .containsKey(command.get(0));
            CommandLine role = mgmt.getSubcommands().get(command.get(0));
            if (role.getCommand() instanceof MissingModule) {
                return; // mgmt broker lives in demo/, not on this module's class path: ComposeTest runs it
            }
            command.stream()
                    .filter(arg -> arg.startsWith("--"))
                    .forEach(option -> assertThat(role.getCommandSpec().findOption(option))
                            .as("%s: option %s of mgmt %s", service, option, command.get(0))
                            .isNotNull());
        });
    }

    @Test
    void everyVariableTheServicesSetIsOneTheCodeReads() throws IOException {
        Set<String> read = variablesInCode();
        List<Map<String, Map<String, Object>>> files = new ArrayList<>();
        files.add(busRoles());
        files.add(section(load(ROOT.resolve("compose/secure.yml")), "services"));
        files.forEach(file -> file.forEach((service, spec) -> {
            if (spec.containsKey("environment")) {
                assertThat(read)
                        .as("MGMT_* variables the code reads, for %s", service)
                        .containsAll(section(spec, "environment").keySet().stream()
                                .filter(name -> !JVM_VARIABLES.contains(name))
                                .toList());
            }
        }));
    }

    @Test
    void theRolesReachTheBrokerAndRegistryOfThisFile() {
        List<String> broker = strings(services.get("kafka").get("command"));
        List<String> registry = strings(services.get("schema-registry").get("command"));
        busRoles().forEach((service, spec) -> {
            if (!spec.containsKey("environment")) {
                return;
            }
            Map<String, Object> env = section(spec, "environment");
            assertThat(broker)
                    .as("%s's bootstrap servers are the listener the broker advertises to containers", service)
                    .containsSequence("--container-listener", String.valueOf(env.get("MGMT_BOOTSTRAP_SERVERS")));
            String url = String.valueOf(env.get("MGMT_SCHEMA_REGISTRY_URL"));
            assertThat(url).as(service).startsWith("http://schema-registry:");
            assertThat(registry)
                    .as("the registry listens where %s looks", service)
                    .containsSequence("--port", url.substring(url.lastIndexOf(':') + 1));
        });
    }

    @Test
    void portsAndNodesAreTheCodes() {
        assertThat(strings(services.get("kafka").get("ports")))
                .containsExactly("127.0.0.1:${MGMT_KAFKA_PORT:-" + BusConfig.DEFAULT_KAFKA_PORT
                        + "}:${MGMT_KAFKA_PORT:-" + BusConfig.DEFAULT_KAFKA_PORT + "}");
        assertThat(strings(services.get("schema-registry").get("ports")))
                .containsExactly("127.0.0.1:${MGMT_REGISTRY_PORT:-" + BusConfig.DEFAULT_REGISTRY_PORT + "}:"
                        + BusConfig.DEFAULT_REGISTRY_PORT);
        assertThat(strings(services.get("agent").get("ports")))
                .containsExactly("127.0.0.1:${MGMT_AGENT_PORT:-" + BusConfig.DEFAULT_HTTP_PORT + "}:"
                        + BusConfig.DEFAULT_HTTP_PORT);
        assertThat(strings(services.get("agent").get("command")))
                .containsSequence("--port", Integer.toString(BusConfig.DEFAULT_HTTP_PORT));
        Map<String, String> nodes = new LinkedHashMap<>();
        busRoles().forEach((service, spec) -> {
            Map<String, Object> env = spec.containsKey("environment") ? section(spec, "environment") : Map.of();
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
        for (String override : OVERRIDES) {
            assertThat(services.keySet())
                    .as("%s overrides services of docker-compose.yml only", override)
                    .containsAll(
                            section(load(ROOT.resolve(override)), "services").keySet());
        }
    }

    @Test
    void theUpstreamOverrideRunsTheKafkaVersionOfTheMavenArtifacts() throws IOException {
        Map<String, Map<String, Object>> upstream = section(load(ROOT.resolve("compose/upstream.yml")), "services");
        Matcher version =
                Pattern.compile("<kafka.version>([^<]+)</").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).as("kafka.version in the parent pom").isTrue();
        assertThat(String.valueOf(upstream.get("kafka").get("image"))).isEqualTo("apache/kafka:" + version.group(1));
    }

    @Test
    void theDockerfileRunsTheLauncherMavenBuilds() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("ARG BASE_IMAGE=eclipse-temurin:17-jre-jammy")
                .contains("COPY launcher/target/launcher.jar /opt/mgmt/launcher.jar")
                .contains("COPY launcher/target/lib/ /opt/mgmt/lib/")
                .contains("ENTRYPOINT [\"/opt/mgmt/bin/mgmt\"]")
                .contains("EXPOSE " + BusConfig.DEFAULT_HTTP_PORT)
                .containsPattern("(?m)^USER mgmt$");
        assertThat(Files.readString(ROOT.resolve("docker/mgmt"))).contains(Mgmt.class.getName());
        String launcherPom = Files.readString(ROOT.resolve("launcher/pom.xml"));
        assertThat(launcherPom).contains("<finalName>launcher</finalName>").contains("target/lib");
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
