package io.mgmtbus.contracts.config;

import io.mgmtbus.schemas.registry.RegistryEndpoint;
import io.mgmtbus.schemas.registry.RegistryTls;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.schemas.wire.WireFormat;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Where the bus lives: the one place that names its settings, their defaults, and how they are
 * read. Later sources win: defaults, then a properties file, then environment variables
 * ({@code MGMT_*}), then explicit overrides (command-line flags).
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param schemaRegistryUrl base URL of a Confluent-compatible schema registry
 * @param topicPrefix prepended to every bus topic name, so several buses can share a cluster
 * @param clientSettings Kafka client settings every client of the bus adds (a {@code
 *     --command-config} file: {@code security.protocol}, {@code sasl.mechanism}, {@code
 *     sasl.jaas.config}, {@code ssl.*}), and the registry's credentials ({@code
 *     basic.auth.user.info}); empty for a plain cluster
 * @param replicationFactor copies of each bus topic created from now on; 0 lets the cluster's size
 *     decide ({@link io.mgmtbus.contracts.topics.Replication#forBrokers})
 */
public record BusConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String topicPrefix,
        Map<String, String> clientSettings,
        int replicationFactor) {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String REPLICATION_FACTOR = "replication.factor";

    /** Servers of the embedded default listen on loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public static final String DEFAULT_BOOTSTRAP_SERVERS = DEFAULT_HOST + ":9092";
    public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://" + DEFAULT_HOST + ":8081";
    public static final int DEFAULT_REGISTRY_PORT = 8081;
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_HTTP_PORT = 8080;

    /** Client settings for the schema registry, not for Kafka (Confluent's names). */
    private static final List<String> REGISTRY_SETTINGS =
            List.of(WireFormat.BASIC_AUTH_CREDENTIALS_SOURCE, WireFormat.BASIC_AUTH_USER_INFO);

    private static final Map<String, String> ENV_NAMES = Map.of(
            BOOTSTRAP_SERVERS, "MGMT_BOOTSTRAP_SERVERS",
            SCHEMA_REGISTRY_URL, "MGMT_SCHEMA_REGISTRY_URL",
            TOPIC_PREFIX, "MGMT_TOPIC_PREFIX",
            REPLICATION_FACTOR, "MGMT_REPLICATION_FACTOR");

    /** A bus on a cluster that needs no client settings beyond the bootstrap servers. */
    public BusConfig(String bootstrapServers, String schemaRegistryUrl, String topicPrefix) {
        this(bootstrapServers, schemaRegistryUrl, topicPrefix, Map.of());
    }

    /** A bus whose topics get the replication the cluster's size calls for. */
    public BusConfig(
            String bootstrapServers, String schemaRegistryUrl, String topicPrefix, Map<String, String> clientSettings) {
        this(bootstrapServers, schemaRegistryUrl, topicPrefix, clientSettings, 0);
    }

    public BusConfig {
        clientSettings = clientSettings == null ? Map.of() : Map.copyOf(clientSettings);
        Objects.requireNonNull(bootstrapServers, BOOTSTRAP_SERVERS);
        Objects.requireNonNull(schemaRegistryUrl, SCHEMA_REGISTRY_URL);
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(BOOTSTRAP_SERVERS + " must not be empty");
        }
        if (replicationFactor < 0) {
            throw new IllegalArgumentException(
                    REPLICATION_FACTOR + " must be positive (or 0: from the cluster's size)");
        }
        if (!topicPrefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException(TOPIC_PREFIX + " '" + topicPrefix
                    + "' may hold only letters, digits, '.', '_' and '-' (Kafka topic name characters)");
        }
    }

    /** The embedded demo's defaults. */
    public static BusConfig defaults() {
        return new BusConfig(DEFAULT_BOOTSTRAP_SERVERS, DEFAULT_SCHEMA_REGISTRY_URL, "");
    }

    /**
     * Resolves the configuration from its sources.
     *
     * @param propertiesFile optional properties file (null for none); a missing file is an error
     * @param env environment variables, usually {@code System.getenv()}
     * @param overrides explicit settings such as command-line flags (null values are ignored)
     */
    public static BusConfig resolve(Path propertiesFile, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(Map.of(
                BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS,
                SCHEMA_REGISTRY_URL, DEFAULT_SCHEMA_REGISTRY_URL,
                TOPIC_PREFIX, ""));
        if (propertiesFile != null) {
            readProperties(propertiesFile)
                    .forEach((k, v) -> merged.put(k.toString(), v.toString().trim()));
        }
        ENV_NAMES.forEach((key, envName) -> {
            String value = env.get(envName);
            if (value != null && !value.isBlank()) {
                merged.put(key, value.trim());
            }
        });
        overrides.forEach((k, v) -> {
            if (v != null) {
                merged.put(k, v);
            }
        });
        return new BusConfig(
                merged.get(BOOTSTRAP_SERVERS),
                merged.get(SCHEMA_REGISTRY_URL),
                merged.get(TOPIC_PREFIX),
                Map.of(),
                replicationFactor(merged.get(REPLICATION_FACTOR)));
    }

    /**
     * A role's bus: where the bus is from {@code config}, or else from {@code commandConfig} (a
     * role's file of {@code mgmt secrets} names its bus too), env and overrides winning; the
     * client settings (security) of {@code commandConfig}. Either file may be null.
     */
    public static BusConfig resolve(
            Path config, Path commandConfig, Map<String, String> env, Map<String, String> overrides) {
        return resolve(config != null ? config : commandConfig, env, overrides).withClientSettings(commandConfig);
    }

    private static int replicationFactor(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(REPLICATION_FACTOR + " '" + value + "' is not a number", e);
        }
    }

    /** Reads a properties file, failing with a one-line reason. */
    public static Properties readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /** The environment variable that sets {@code key}, for help texts. */
    public static String envName(String key) {
        return ENV_NAMES.get(key);
    }

    /** The same bus, its clients adding the Kafka client properties of {@code file} (null: none). */
    public BusConfig withClientSettings(Path file) {
        if (file == null) {
            return this;
        }
        Map<String, String> settings = new HashMap<>();
        readProperties(file)
                .forEach((k, v) -> settings.put(k.toString(), v.toString().trim()));
        settings.remove(BOOTSTRAP_SERVERS); // where the bus is comes from its own settings
        return withClientSettings(settings);
    }

    /** The same bus, its clients using {@code settings} (Kafka client and registry settings). */
    public BusConfig withClientSettings(Map<String, String> settings) {
        return new BusConfig(bootstrapServers, schemaRegistryUrl, topicPrefix, settings, replicationFactor);
    }

    /** Base client settings every Kafka client of the bus starts from (the registry's credentials stay out). */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>(clientSettings);
        REGISTRY_SETTINGS.forEach(props::remove);
        props.keySet().removeIf(key -> RegistryTls.isSetting(key) || key.equals(SCHEMA_REGISTRY_URL));
        props.put(BOOTSTRAP_SERVERS, bootstrapServers);
        return props;
    }

    /**
     * Settings every producer of the bus starts from: the client settings, {@code acks=all} (a
     * write counts once every in-sync copy has it, at least {@code min.insync.replicas}) and
     * idempotence (a retry never writes a record twice).
     */
    public Map<String, Object> producerProperties() {
        Map<String, Object> props = clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    /**
     * The schema registry of the bus, called with the credentials of {@code basic.auth.user.info}
     * in the client settings or of the URL's user-info, as Confluent's clients take them.
     */
    public RegistryEndpoint registry() {
        return RegistryEndpoint.of(
                        schemaRegistryUrl,
                        clientSettings.get(WireFormat.BASIC_AUTH_CREDENTIALS_SOURCE),
                        clientSettings.get(WireFormat.BASIC_AUTH_USER_INFO))
                .withTls(RegistryTls.fromConfigs(clientSettings));
    }

    /** A client of {@link #registry()}. */
    public SchemaRegistryClient schemaRegistry() {
        return SchemaRegistryClient.forEndpoint(registry());
    }

    /**
     * What to check when the cluster does not answer these settings in time, or "". A secured
     * listener drops a client that speaks another protocol without a word: it looks like a timeout.
     */
    public String unreachableHint() {
        String protocol = clientSettings.get("security.protocol");
        if (protocol == null) {
            return "; if the cluster is secured, pass --command-config with your role's properties";
        }
        String upper = protocol.toUpperCase(java.util.Locale.ROOT);
        if (!upper.endsWith("SSL")) {
            return "; this client speaks " + protocol + ", without TLS: if the listener is TLS (SASL_SSL), it drops"
                    + " such a client during authentication; then use security.protocol=SASL_SSL and the ssl.*"
                    + " settings of your role's properties (mgmt secrets writes them)";
        }
        if (!upper.startsWith("SASL")) {
            return "; this client speaks " + protocol + ", TLS without a SASL login: if the listener is SASL_SSL, use"
                    + " security.protocol=SASL_SSL with sasl.mechanism and sasl.jaas.config (your role's properties)";
        }
        return "";
    }

    /** Secrets (passwords, JAAS lines, the registry's user-info) are hidden: configurations get logged. */
    @Override
    public String toString() {
        Map<String, String> shown = new java.util.TreeMap<>();
        clientSettings.forEach((key, value) -> shown.put(key, isSecret(key) ? "[hidden]" : value));
        return "BusConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl="
                + RegistryEndpoint.redact(schemaRegistryUrl) + ", topicPrefix=" + topicPrefix + ", clientSettings="
                + shown + ", replicationFactor=" + (replicationFactor == 0 ? "from the cluster" : replicationFactor)
                + "]";
    }

    private static boolean isSecret(String key) {
        return key.contains("password")
                || key.contains("jaas")
                || key.contains("secret")
                || key.contains("token")
                || key.endsWith(".key")
                || key.equals(WireFormat.BASIC_AUTH_USER_INFO);
    }

    /**
     * Settings of a consumer that reads the bus's history by {@code assign()} and commits
     * nothing: only committed records (read_committed), as every reader of the bus sees them.
     */
    public Map<String, Object> historyReaderProperties(String clientId) {
        Map<String, Object> props = clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /**
     * Settings of a history reader that reads up to a known offset (audit, lookups by reqid,
     * re-drive, rebuilds): a partition whose last offset is a transaction's marker is passed only
     * by the next fetch, which the broker would hold for the default {@code fetch.max.wait.ms}
     * (500 ms) when nothing new comes, once per range read.
     */
    public Map<String, Object> rangeReaderProperties(String clientId) {
        Map<String, Object> props = historyReaderProperties(clientId);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, RANGE_FETCH_WAIT_MS);
        return props;
    }

    /**
     * Settings of a consumer that follows a topic for as long as its process runs (a node's requests
     * and cancels): a history reader's ({@link #historyReaderProperties}), and the broker may hold
     * its fetch {@value #FOLLOWER_FETCH_WAIT_MS} ms when nothing new comes, where Kafka's default is
     * 500 ms. A new record still answers the fetch at once, so no record waits longer; an idle
     * follower just asks four times less often, which is most of what an idle bus spends.
     */
    public Map<String, Object> followerProperties(String clientId) {
        Map<String, Object> props = historyReaderProperties(clientId);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FOLLOWER_FETCH_WAIT_MS);
        return props;
    }

    static final int FOLLOWER_FETCH_WAIT_MS = 2000;

    /** How long the broker may hold a range reader's fetch when nothing new comes. */
    static final int RANGE_FETCH_WAIT_MS = 50;
}
