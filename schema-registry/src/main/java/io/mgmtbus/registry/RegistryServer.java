package io.mgmtbus.registry;

import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the Confluent Schema Registry REST API subset that serdes and
 * clients use, keeping its state in a compacted Kafka topic.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.start("127.0.0.1:9092", "127.0.0.1", 8081)) {
 *     registry.url(); // http://127.0.0.1:8081
 * }
 * }</pre>
 */
public final class RegistryServer implements AutoCloseable {

    /** Where the other instances reach this one when it is the elected writer, if not {@code http://host:port}. */
    public static final String ADVERTISED_URL_ENV = "MGMT_REGISTRY_ADVERTISED_URL";

    /** The compacted topic holding the registry's state: the name Confluent's registry uses by default. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private static final Logger log = LoggerFactory.getLogger(RegistryServer.class);

    /** How long a starting instance waits to learn who writes (itself or another). */
    private static final Duration FIRST_ELECTION = Duration.ofSeconds(30);

    private final SchemaLog schemaLog;
    private final Leadership leadership;
    private final Javalin http;
    private final String host;
    private final String scheme;
    private boolean closed;

    private RegistryServer(SchemaLog schemaLog, Leadership leadership, Javalin http, String host, boolean https) {
        this.schemaLog = schemaLog;
        this.leadership = leadership;
        this.http = http;
        this.host = host;
        this.scheme = https ? "https" : "http";
    }

    /** Starts on {@code host:port} (port 0 picks a free one), storing state in {@code _schemas}. */
    public static RegistryServer start(String bootstrapServers, String host, int port) {
        return start(bootstrapServers, DEFAULT_TOPIC, host, port);
    }

    public static RegistryServer start(String bootstrapServers, String topic, String host, int port) {
        return start(Map.of("bootstrap.servers", bootstrapServers), topic, host, port);
    }

    /** Like the others, its Kafka clients using {@code kafkaClient} (bootstrap servers and, on a secured cluster, security). */
    public static RegistryServer start(Map<String, Object> kafkaClient, String topic, String host, int port) {
        return start(kafkaClient, topic, host, port, null);
    }

    /** Like the others, every call needing the HTTP basic credentials of one of {@code users} (null: open to all). */
    public static RegistryServer start(
            Map<String, Object> kafkaClient, String topic, String host, int port, RegistryUsers users) {
        return start(kafkaClient, topic, host, port, users, null);
    }

    /**
     * Like the others; {@code advertisedUrl} is where the other instances reach this one when it is
     * the elected writer (null: {@code http://host:port}, right unless the host is a wildcard
     * address or the instance sits behind a proxy).
     */
    public static RegistryServer start(
            Map<String, Object> kafkaClient,
            String topic,
            String host,
            int port,
            RegistryUsers users,
            String advertisedUrl) {
        return start(kafkaClient, topic, host, port, users, advertisedUrl, null);
    }

    /** Like the others, serving HTTPS only with {@code https} (null: plain HTTP). */
    public static RegistryServer start(
            Map<String, Object> kafkaClient,
            String topic,
            String host,
            int port,
            RegistryUsers users,
            String advertisedUrl,
            HttpsKeystore https) {
        SchemaState state = new SchemaState();
        SchemaLog schemaLog = new SchemaLog(kafkaClient, topic, state);
        Leadership leadership = new Leadership(kafkaClient, topic, electionGroup(topic), schemaLog, state);
        Registry registry = new Registry(state, schemaLog, leadership);
        RegistryApi api = new RegistryApi(
                registry, new WriteForwarding(leadership, registry, https == null ? null : https.peerTrust()));
        Javalin http;
        try {
            http = Javalin.create(config -> {
                        config.startup.showJavalinBanner = false;
                        if (https != null) {
                            https.serveOn(config, host, port);
                        }
                        if (users != null) {
                            config.routes.before(users::check);
                        }
                        api.install(config);
                    })
                    .start(host, port);
        } catch (RuntimeException e) {
            schemaLog.close();
            throw new IllegalStateException(
                    "schema registry cannot listen on " + host + ":" + port + ": " + rootMessage(e), e);
        }
        RegistryServer server = new RegistryServer(schemaLog, leadership, http, host, https != null);
        try {
            // Elected only once listening: the URL the writer announces must answer.
            leadership.join(advertisedUrl == null ? server.reachableUrl() : advertisedUrl, FIRST_ELECTION);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IllegalStateException("interrupted while joining the schema registry writer election", e);
        }
        log.info(
                "schema registry listening on {} (state in topic {}; writer {}; {}; {})",
                server.url(),
                topic,
                leadership.writerUrl().orElse("not elected yet"),
                users == null ? "open to anyone who reaches it" : users.size() + " users, HTTP basic",
                https == null ? "plain HTTP" : "HTTPS with " + https.file());
        return server;
    }

    public int port() {
        return http.port();
    }

    public String url() {
        return scheme + "://" + host + ":" + port();
    }

    /** The URL other hosts use: the machine's name when listening on every address. */
    private String reachableUrl() {
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            return url();
        }
        try {
            return scheme + "://" + InetAddress.getLocalHost().getCanonicalHostName() + ":" + port();
        } catch (UnknownHostException e) {
            return url();
        }
    }

    /**
     * The consumer group the instances on {@code topic} elect their writer in, also the writers'
     * transactional id (a principal running the registry on a secured cluster needs READ on the
     * group and WRITE on the transactional id).
     */
    public static String electionGroup(String topic) {
        return "schema-registry-" + topic;
    }

    /**
     * Completes with a reason when this instance can no longer serve (its schema log reader
     * stopped): the caller should stop it, as {@code mgmt registry} does with exit code 1.
     */
    public CompletableFuture<String> failure() {
        return schemaLog.failure();
    }

    /** Whether this instance is the elected writer now. */
    public boolean isWriter() {
        return leadership.term().isPresent();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        leadership.close(); // first: the next writer is elected while this one still answers
        http.stop();
        schemaLog.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
