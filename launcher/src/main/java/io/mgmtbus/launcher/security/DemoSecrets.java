package io.mgmtbus.launcher.security;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.security.BusAcls;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.BrokerSecurity;
import io.mgmtbus.registry.RegistryUsers;
import io.mgmtbus.schemas.wire.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The credentials of a secured demo: one SASL/SCRAM user per role (operator, streams-app, agent,
 * and one per node), the admin, and the agent's bearer token, all random, written as client
 * properties files, one per role, into a directory only the current user can read. Each user
 * calls the schema registry (HTTP basic) with the same name and password it uses for Kafka.
 */
public final class DemoSecrets {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String STREAMS = "streams";
    public static final String AGENT = "agent";
    public static final String TOKEN_FILE = "agent.token";
    /** The registry's users, in the format {@code mgmt registry --users-file} reads. */
    public static final String REGISTRY_USERS_FILE = "registry-users.properties";
    /** The role every registry user has, for registries that check roles (Confluent's {@code authentication.roles}). */
    public static final String REGISTRY_ROLE = "mgmt-bus";
    /** The demo's nodes, which get a user unless others are named. */
    public static final List<String> DEMO_NODES = List.of("worker-01", "worker-02", "manager");

    private static final String NODE_USER_PREFIX = "node-";

    /** The demo's roles (label {@code role}): worker on the workers, manager on the manager. */
    public static String demoRole(String node) {
        return node.startsWith("worker") ? "worker" : "manager";
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final BrokerSecurity broker;
    private final String agentToken;

    private DemoSecrets(BrokerSecurity broker, String agentToken) {
        this.broker = broker;
        this.agentToken = agentToken;
    }

    /** Fresh random credentials for the roles and the nodes named. */
    public static DemoSecrets generate(List<String> nodes) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String role : List.of(OPERATOR, STREAMS, AGENT)) {
            users.put(role, secret());
        }
        nodes.forEach(node -> users.put(nodeUser(node), secret()));
        return new DemoSecrets(new BrokerSecurity(ADMIN, secret(), users), secret());
    }

    /**
     * The credentials {@link #writeTo} wrote into {@code dir}: each {@code <user>.properties}
     * names its user and password in the registry's user-info, as written.
     */
    public static DemoSecrets readFrom(Path dir) {
        Map<String, String> users = new LinkedHashMap<>();
        String adminPassword = null;
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".properties") || name.equals(REGISTRY_USERS_FILE)) {
                    continue;
                }
                String userInfo = BusConfig.readProperties(file).getProperty(WireFormat.BASIC_AUTH_USER_INFO);
                int colon = userInfo == null ? -1 : userInfo.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException(file + " names no user: it was not written by mgmt secrets");
                }
                String user = userInfo.substring(0, colon);
                String password = userInfo.substring(colon + 1);
                if (user.equals(ADMIN)) {
                    adminPassword = password;
                } else {
                    users.put(user, password);
                }
            }
            if (adminPassword == null) {
                throw new IllegalArgumentException(
                        dir + " holds no " + ADMIN + ".properties: run mgmt secrets --dir " + dir);
            }
            String token = Files.readString(dir.resolve(TOKEN_FILE)).trim();
            return new DemoSecrets(new BrokerSecurity(ADMIN, adminPassword, users), token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The nodes these secrets have a user for. */
    public List<String> nodes() {
        return broker.users().keySet().stream()
                .filter(user -> user.startsWith(NODE_USER_PREFIX))
                .map(user -> user.substring(NODE_USER_PREFIX.length()))
                .toList();
    }

    /** Every user of these secrets, the admin first. */
    public List<String> users() {
        return List.copyOf(passwords().keySet().stream()
                .sorted((a, b) -> a.equals(ADMIN) ? -1 : b.equals(ADMIN) ? 1 : a.compareTo(b))
                .toList());
    }

    /** The SASL user of a node: one per node, so a node's transactional id is its own. */
    public static String nodeUser(String node) {
        return NODE_USER_PREFIX + node;
    }

    public BrokerSecurity broker() {
        return broker;
    }

    public String agentToken() {
        return agentToken;
    }

    /** {@code bus} as {@code user} sees it: its Kafka clients and its registry calls authenticate as that user. */
    public BusConfig as(String user, BusConfig bus) {
        return bus.withClientSettings(settings(user));
    }

    /** Who may call the registry: every user of these secrets, the admin included. */
    public RegistryUsers registryUsers() {
        return RegistryUsers.of(passwords());
    }

    /** The client settings of {@code user}: Kafka's SASL login and the registry's basic credentials (Confluent's names). */
    private Map<String, String> settings(String user) {
        Map<String, String> settings = new TreeMap<>(broker.clientProperties(user));
        settings.put(WireFormat.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        settings.put(WireFormat.BASIC_AUTH_USER_INFO, user + ":" + passwords().get(user));
        return settings;
    }

    private Map<String, String> passwords() {
        Map<String, String> all = new LinkedHashMap<>(broker.users());
        all.put(ADMIN, broker.adminPassword());
        return all;
    }

    /** Creates every role's ACLs ({@link BusAcls}) for the users of these secrets, as the admin of {@code admin}. */
    public void grant(BusConfig admin, BusTopics topics, List<String> nodes) {
        Map<String, String> nodeUsers = new LinkedHashMap<>();
        nodes.forEach(node -> nodeUsers.put(node, nodeUser(node)));
        List<AclBinding> bindings = new BusAcls(topics).forRoles(OPERATOR, STREAMS, AGENT, nodeUsers);
        BusAcls.grant(admin, bindings);
    }

    /** Writes {@code <user>.properties} per user and the agent's token into {@code dir} (mode 0700, files 0600). */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Map<String, String> all = passwords();
            for (String user : all.keySet()) {
                String properties = settings(user).entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(
                                "\n",
                                "# Client settings of " + user + ": Kafka (SASL) and the schema registry\n",
                                "\n"));
                write(dir.resolve(user + ".properties"), properties);
            }
            write(dir.resolve(TOKEN_FILE), agentToken + "\n");
            write(
                    dir.resolve(REGISTRY_USERS_FILE),
                    all.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue() + "," + REGISTRY_ROLE)
                            .collect(Collectors.joining(
                                    "\n",
                                    "# user: password,role (mgmt registry --users-file; Confluent's registry through"
                                            + " Jetty's PropertyFileLoginModule)\n",
                                    "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's secrets to " + dir, e);
        }
    }

    /** Writes {@code content} to {@code file}, readable by its owner only. */
    static void write(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
