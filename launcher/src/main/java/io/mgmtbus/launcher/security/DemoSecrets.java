package io.mgmtbus.launcher.security;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.security.BusAcls;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.BrokerSecurity;
import io.mgmtbus.embedded.BrokerTls;
import io.mgmtbus.launcher.HttpsOptions;
import io.mgmtbus.registry.HttpsKeystore;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.registry.RegistryUsers;
import io.mgmtbus.schemas.registry.RegistryTls;
import io.mgmtbus.schemas.wire.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The credentials of a secured bus: one SASL/SCRAM user per role (operator, streams-app, agent,
 * registry, and one per node), the admin, and the agent's bearer token, all random, written as
 * client properties files, one per role, into a directory only the current user can read. Each
 * user calls the schema registry (HTTP basic) with the same name and password it uses for Kafka;
 * nodes only read schemas there.
 *
 * <p>With TLS (what {@code mgmt secrets} and {@code demo --secure} make), a private authority
 * ({@link CertificateAuthority}) signs one certificate per server (broker, registry, agent), kept
 * in PKCS12 key stores beside their password files; every role's properties file trusts the
 * authority inline (Kafka's and Confluent's {@code ssl.*} keys), and {@value #CA_FILE} holds it
 * for clients that read PEM files (librdkafka, kafkajs, curl). The authority's private key is
 * not kept: nobody can issue another certificate it vouches for.
 */
public final class DemoSecrets {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String STREAMS = "streams";
    public static final String AGENT = "agent";
    /** The schema registry's Kafka user: its schema log only (see {@link BusAcls#registry}). */
    public static final String REGISTRY = "registry";
    /** The authority every client trusts, PEM. */
    public static final String CA_FILE = "ca.crt";
    /** The authority in a PKCS12 trust store (password in {@code truststore.p12.password}), for Java tools. */
    public static final String TRUSTSTORE_FILE = "truststore.p12";
    /** The servers' key stores, each with its password in {@code <name>.password}. */
    public static final String BROKER_KEYSTORE = "broker.p12";

    public static final String REGISTRY_KEYSTORE = "registry.p12";
    public static final String AGENT_KEYSTORE = "agent.p12";
    /** A user's certificate and key (PEM) for the mutual-TLS listener: {@code <user>.crt}, {@code <user>.key}. */
    public static final String CLIENT_CERT_SUFFIX = ".crt";

    public static final String CLIENT_KEY_SUFFIX = ".key";

    /** The host names every server certificate holds: loopback, as the demo and published ports are reached. */
    public static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1");

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
    /** Where a client on this host reaches the bus, as each role's file names it (null: not named). */
    private final String bootstrapServers;

    private final String registryUrl;
    private final Path dir;

    private DemoSecrets(
            BrokerSecurity broker, String agentToken, String bootstrapServers, String registryUrl, Path dir) {
        this.broker = broker;
        this.agentToken = agentToken;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.dir = dir;
    }

    /**
     * Writes fresh random credentials for the roles and the nodes named into {@code dir}, and a
     * private authority's certificates for the servers, valid for loopback, their compose service
     * names and {@code hosts}; every role's properties file names {@code bootstrapServers} and
     * {@code registryUrl}, as a client on this host reaches them.
     */
    public static DemoSecrets create(
            Path dir, List<String> nodes, List<String> hosts, String bootstrapServers, String registryUrl) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String role : List.of(OPERATOR, STREAMS, AGENT, REGISTRY)) {
            users.put(role, secret());
        }
        nodes.forEach(node -> users.put(nodeUser(node), secret()));
        List<String> everyone = new ArrayList<>(users.keySet());
        everyone.add(ADMIN);
        BusCertificates certificates = BusCertificates.issue(hosts, everyone);
        try {
            prepare(dir);
            certificates.writeTo(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certificates to " + dir + ": " + e.getMessage(), e);
        }
        DemoSecrets secrets = new DemoSecrets(
                new BrokerSecurity(ADMIN, secret(), users, brokerTls(dir)),
                secret(),
                bootstrapServers,
                registryUrl,
                dir);
        secrets.writeCredentials();
        return secrets;
    }

    /**
     * The credentials {@link #create} wrote into {@code dir}: each {@code <user>.properties}
     * names its user and password in the registry's user-info, as written.
     */
    public static DemoSecrets readFrom(Path dir) {
        Map<String, String> users = new LinkedHashMap<>();
        String adminPassword = null;
        Properties admin = null;
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".properties") || name.equals(REGISTRY_USERS_FILE)) {
                    continue;
                }
                Properties settings = BusConfig.readProperties(file);
                String userInfo = settings.getProperty(WireFormat.BASIC_AUTH_USER_INFO);
                int colon = userInfo == null ? -1 : userInfo.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException(file + " names no user: it was not written by mgmt secrets");
                }
                String user = userInfo.substring(0, colon);
                String password = userInfo.substring(colon + 1);
                if (user.equals(ADMIN)) {
                    adminPassword = password;
                    admin = settings;
                } else {
                    users.put(user, password);
                }
            }
            if (adminPassword == null) {
                throw new IllegalArgumentException(
                        dir + " holds no " + ADMIN + ".properties: run mgmt secrets --dir " + dir);
            }
            String token = Files.readString(dir.resolve(TOKEN_FILE)).trim();
            BrokerTls tls = Files.exists(dir.resolve(CA_FILE)) ? brokerTls(dir) : null;
            return new DemoSecrets(
                    new BrokerSecurity(ADMIN, adminPassword, users, tls),
                    token,
                    admin.getProperty(BusConfig.BOOTSTRAP_SERVERS),
                    admin.getProperty(BusConfig.SCHEMA_REGISTRY_URL),
                    dir);
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

    /** Where these secrets are. */
    public Path dir() {
        return dir;
    }

    /** Whether the servers speak TLS (secrets written before TLS came do not). */
    public boolean tls() {
        return broker.tls() != null;
    }

    /** The registry's HTTPS key store, or null without TLS. */
    public HttpsKeystore registryKeystore() {
        return tls() ? keystore(dir, REGISTRY_KEYSTORE) : null;
    }

    /** The agent's HTTPS key store, or null without TLS. */
    public HttpsKeystore agentKeystore() {
        return tls() ? keystore(dir, AGENT_KEYSTORE) : null;
    }

    private static HttpsKeystore keystore(Path dir, String name) {
        return new HttpsKeystore(dir.resolve(name), readPassword(dir, name));
    }

    private static BrokerTls brokerTls(Path dir) {
        try {
            return new BrokerTls(
                    dir.resolve(BROKER_KEYSTORE),
                    readPassword(dir, BROKER_KEYSTORE),
                    Files.readString(dir.resolve(CA_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(CA_FILE) + ": " + e.getMessage(), e);
        }
    }

    private static String readPassword(Path dir, String keystore) {
        Path file = dir.resolve(keystore + HttpsOptions.PASSWORD_SUFFIX);
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code bus} as {@code user} sees it: its Kafka clients and its registry calls authenticate as that user. */
    public BusConfig as(String user, BusConfig bus) {
        return bus.withClientSettings(settings(user));
    }

    /** Who may call the registry: every user of these secrets but the registry's own; nodes only read. */
    public RegistryUsers registryUsers() {
        Map<String, String> callers = registryCallers();
        return RegistryUsers.of(
                callers,
                callers.keySet().stream().filter(DemoSecrets::readsSchemasOnly).collect(Collectors.toSet()));
    }

    private Map<String, String> registryCallers() {
        Map<String, String> callers = new LinkedHashMap<>(passwords());
        callers.remove(REGISTRY);
        return callers;
    }

    /** Nodes only serialize and deserialize the bus's events: they never need to register a schema. */
    private static boolean readsSchemasOnly(String user) {
        return user.startsWith(NODE_USER_PREFIX);
    }

    /**
     * The client settings of {@code user}: Kafka's SASL login, the registry's basic credentials
     * and URL, and with TLS the authority both trust (Kafka's and Confluent's names).
     */
    private Map<String, String> settings(String user) {
        Map<String, String> settings = new TreeMap<>(broker.clientProperties(user));
        settings.put(WireFormat.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        settings.put(WireFormat.BASIC_AUTH_USER_INFO, user + ":" + passwords().get(user));
        if (registryUrl != null) {
            settings.put(BusConfig.SCHEMA_REGISTRY_URL, registryUrl);
        }
        if (bootstrapServers != null) {
            settings.put(BusConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (broker.tls() != null) {
            broker.tls().trustProperties().forEach((key, value) -> settings.put(RegistryTls.PREFIX + key, value));
        }
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
        BusAcls.grant(admin, bindings(topics, OPERATOR, STREAMS, AGENT, REGISTRY, nodeUsers));
    }

    /**
     * Every role's ACLs for one deployment: those of the bus's roles, and the registry's on its
     * schema log ({@link RegistryServer#DEFAULT_TOPIC}).
     */
    public static List<AclBinding> bindings(
            BusTopics topics,
            String operator,
            String streams,
            String agent,
            String registry,
            Map<String, String> nodeUsers) {
        List<AclBinding> bindings =
                new java.util.ArrayList<>(new BusAcls(topics).forRoles(operator, streams, agent, nodeUsers));
        bindings.addAll(BusAcls.registry(
                registry, RegistryServer.DEFAULT_TOPIC, RegistryServer.electionGroup(RegistryServer.DEFAULT_TOPIC)));
        return bindings;
    }

    /** The directory, created if need be, readable by its owner only. */
    private static void prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** Writes {@code <user>.properties} per user, the agent's token and the registry's users (files 0600). */
    private void writeCredentials() {
        try {
            prepare(dir);
            Map<String, String> all = passwords();
            for (String user : all.keySet()) {
                String properties = settings(user).entrySet().stream()
                        .map(e -> e.getKey() + "=" + propertyValue(e.getValue()))
                        .collect(Collectors.joining(
                                "\n",
                                "# Client settings of " + user + ": Kafka (SASL" + (tls() ? " over TLS" : "")
                                        + ") and the schema registry\n",
                                "\n"));
                write(dir.resolve(user + ".properties"), properties);
            }
            write(dir.resolve(TOKEN_FILE), agentToken + "\n");
            write(
                    dir.resolve(REGISTRY_USERS_FILE),
                    registryCallers().entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue() + "," + REGISTRY_ROLE
                                    + (readsSchemasOnly(e.getKey()) ? "," + RegistryUsers.READER_ROLE : ""))
                            .collect(Collectors.joining(
                                    "\n",
                                    "# user: password,role (mgmt registry --users-file; Confluent's registry through"
                                            + " Jetty's PropertyFileLoginModule)\n",
                                    "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's secrets to " + dir, e);
        }
    }

    /** A properties value: a PEM block keeps one line per line, each ending in an escaped newline. */
    private static String propertyValue(String value) {
        return value.replace("\n", "\\n\\\n");
    }

    /** Writes {@code content} to {@code file}, readable by its owner only. */
    static void write(Path file, String content) throws IOException {
        write(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes {@code content} to {@code file}, readable by its owner only. */
    static void write(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content);
    }

    static String secret() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
