package io.mgmtbus.registry;

import io.javalin.Javalin;
import java.util.Map;
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

    /** The compacted topic holding the registry's state: the name Confluent's registry uses by default. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private static final Logger log = LoggerFactory.getLogger(RegistryServer.class);

    private final SchemaLog schemaLog;
    private final Javalin http;
    private final String host;

    private RegistryServer(SchemaLog schemaLog, Javalin http, String host) {
        this.schemaLog = schemaLog;
        this.http = http;
        this.host = host;
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
        SchemaState state = new SchemaState();
        SchemaLog schemaLog = new SchemaLog(kafkaClient, topic, state);
        RegistryApi api = new RegistryApi(new Registry(state, schemaLog));
        Javalin http;
        try {
            http = Javalin.create(config -> {
                        config.startup.showJavalinBanner = false;
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
        RegistryServer server = new RegistryServer(schemaLog, http, host);
        log.info(
                "schema registry listening on {} (state in topic {}; {})",
                server.url(),
                topic,
                users == null ? "open to anyone who reaches it" : users.size() + " users, HTTP basic");
        return server;
    }

    public int port() {
        return http.port();
    }

    public String url() {
        return "http://" + host + ":" + port();
    }

    @Override
    public void close() {
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
