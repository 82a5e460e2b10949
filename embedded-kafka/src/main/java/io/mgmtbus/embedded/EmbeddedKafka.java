package io.mgmtbus.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft Kafka node (combined broker and controller) in its own JVM, built from Kafka's
 * Maven artifacts, listening on 127.0.0.1: a single-node cluster by default, or one node of an
 * {@link EmbeddedKafkaCluster}. Used by every integration test and the demo.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().port(0).start()) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** JVM options for the broker process instead of {@link #DEFAULT_GC} (e.g. to profile it with JFR). */
    public static final String JAVA_OPTS_ENV = "MGMT_BROKER_JAVA_OPTS";

    /** SCRAM credentials for the first format of a secured broker's storage (see {@link BrokerSecurity}). */
    static final String SCRAM_FILE = "scram-credentials";

    private static final List<String> DEFAULT_GC = List.of("-XX:+UseSerialGC");

    private final Process process;
    private final int port;
    private final int nodeId;
    private final Path dataDir;
    private volatile boolean deleteOnClose;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private EmbeddedKafka(
            Process process, int port, int nodeId, Path dataDir, boolean deleteOnClose, boolean stopOnJvmExit) {
        this.process = process;
        this.port = port;
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.shutdownHook = new Thread(this::stop, "embedded-kafka-shutdown");
        if (stopOnJvmExit) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Its {@code node.id} in the cluster (1 for a single node). */
    public int nodeId() {
        return nodeId;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /** A broker that failed to start keeps its directory, so the log the error points to still exists. */
    private void keepDataForDiagnosis() {
        deleteOnClose = false;
    }

    /** The broker JVM's process id, so tests can check it is gone after {@link #close()}. */
    long pidForTest() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the broker's JVM (SIGKILL), as a crash: no controlled shutdown, no flush; the data
     * directory stays, so a broker started on it recovers from its log.
     */
    public synchronized void kill() {
        if (closed) {
            return;
        }
        closed = true;
        deleteOnClose = false;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forgetShutdownHook();
        log.info("broker {} on {} killed", nodeId, bootstrapServers());
    }

    /** Stops the broker cleanly (controlled shutdown), forcibly if it does not stop in time. */
    @Override
    public void close() {
        stop();
        forgetShutdownHook();
    }

    private void forgetShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: nothing to remove
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.getOutputStream().close(); // BrokerProcess exits cleanly on EOF
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("broker did not stop within {}s; killing it", STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
        log.info("broker on {} stopped", bootstrapServers());
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }

    /** Settings of one broker; {@link #start()} launches it and waits until it serves requests. */
    public static final class Builder {
        private int port = 0;
        private Path dataDir;
        private Duration startTimeout = Duration.ofSeconds(90);
        private String maxHeap = "512m";
        private boolean stopOnJvmExit = true;
        private BrokerSecurity security;
        private int nodeId = 1;
        private int controllerPort = 0;
        private String quorumVoters;
        private String clusterId;
        private int clusterSize = 1;
        private String containerHost;
        private int containerPort;
        private int advertisedPort;
        private int clientCertPort;

        /** Listener port on 127.0.0.1; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Keeps data here across restarts; without it a temp directory is used and deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Whether a JVM shutdown hook stops the broker (default true). Turn it off when the caller
         * stops its own clients first and then the broker, in that order.
         */
        public Builder stopOnJvmExit(boolean stop) {
            this.stopOnJvmExit = stop;
            return this;
        }

        /** SASL/SCRAM authentication and ACLs (see {@link BrokerSecurity}); without it, plaintext and no ACLs. */
        public Builder security(BrokerSecurity security) {
            this.security = security;
            return this;
        }

        /**
         * For a broker in a container: listens on every interface, on the listener port advertised
         * as 127.0.0.1 (for the host, through a published port) and on {@code port} advertised as
         * {@code host:port} (for other containers on the same network, e.g. {@code kafka:19092}).
         */
        public Builder containerListener(String host, int port) {
            this.containerHost = host;
            this.containerPort = port;
            return this;
        }

        /**
         * For a broker behind a port forward (a proxy, a published port): clients are told to
         * connect to {@code port} on 127.0.0.1, which forwards to the listener's own port.
         */
        public Builder advertisedPort(int port) {
            this.advertisedPort = port;
            return this;
        }

        /**
         * With TLS security: a second client listener on {@code port} (127.0.0.1) where a client
         * logs in with a certificate of the bus's authority instead of SASL (mutual TLS), its
         * principal the certificate's common name: {@code CN=operator} is {@code User:operator},
         * under the same ACLs. For clients whose SCRAM Kafka 4 refuses (librdkafka before 2.6.1).
         */
        public Builder clientCertPort(int port) {
            this.clientCertPort = port;
            return this;
        }

        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        /** The listener port a cluster assigned (never 0 for a cluster member). */
        int portForCluster() {
            return port;
        }

        /**
         * Makes this node {@code nodeId} of a cluster of {@code clusterSize} combined nodes whose
         * controllers are {@code quorumVoters} ({@code id@host:port,...}, this node's controller
         * on {@code controllerPort}), all formatted with {@code clusterId}. The cluster's internal
         * topics get its replication (see {@link #replicationFactor(int)}).
         */
        public Builder clusterMember(
                int nodeId, int controllerPort, String quorumVoters, String clusterId, int clusterSize) {
            this.nodeId = nodeId;
            this.controllerPort = controllerPort;
            this.quorumVoters = quorumVoters;
            this.clusterId = clusterId;
            this.clusterSize = clusterSize;
            return this;
        }

        /**
         * The replication a cluster of {@code brokers} gives its topics: 3 copies when it can, else one per
         * broker (the same rule as the bus's topic provisioning).
         */
        static int replicationFactor(int brokers) {
            return Math.min(3, brokers);
        }

        /** Writes acknowledged only once two copies have it, when there are three (one of them may die). */
        static int minInsyncReplicas(int replicationFactor) {
            return replicationFactor >= 3 ? 2 : 1;
        }

        public EmbeddedKafka start() {
            Launched launched = launch();
            launched.awaitReady();
            return launched.kafka();
        }

        /** A launched broker JVM, not yet known to serve (a cluster launches all its nodes, then awaits each). */
        record Launched(Builder builder, EmbeddedKafka kafka, long logOffset) {
            void awaitReady() {
                try {
                    builder.awaitReady(kafka, logOffset);
                } catch (RuntimeException e) {
                    kafka.keepDataForDiagnosis();
                    kafka.close();
                    throw e;
                }
                log.info(
                        "Kafka broker {} listening on {} (data in {})",
                        kafka.nodeId(),
                        kafka.bootstrapServers(),
                        kafka.dataDir());
            }
        }

        Launched launch() {
            int listenerPort = port == 0 ? Ports.freePort() : port;
            Ports.requireFree(listenerPort, "Kafka");
            boolean temporary = dataDir == null;
            Path dir = temporary ? createTempDir() : prepareDataDir(dataDir);
            int controller = controllerPort == 0 ? Ports.freePort() : controllerPort;
            String voters = quorumVoters != null ? quorumVoters : nodeId + "@" + Ports.LOOPBACK + ":" + controller;
            Path config = writeConfig(dir, listenerPort, controller, voters);
            Path logConfig = writeLogConfig(dir);
            long logOffset = sizeOf(dir.resolve("broker.log")); // a restart appends to the same log
            Process process = launch(dir, config, logConfig);
            return new Launched(
                    this, new EmbeddedKafka(process, listenerPort, nodeId, dir, temporary, stopOnJvmExit), logOffset);
        }

        /** A fresh cluster id. Uuid.randomUuid never starts with '-', which the storage tool would take for an option. */
        static String newClusterId() {
            return Uuid.randomUuid().toString();
        }

        private static Path createTempDir() {
            try {
                return Files.createTempDirectory("mgmt-kafka-");
            } catch (IOException e) {
                throw new BrokerStartException("cannot create a temporary data directory: " + e.getMessage(), e);
            }
        }

        private static Path prepareDataDir(Path dir) {
            try {
                Files.createDirectories(dir);
            } catch (FileAlreadyExistsException e) {
                throw new BrokerStartException("data directory " + dir + " is not a directory");
            } catch (IOException e) {
                throw new BrokerStartException("data directory " + dir + " cannot be created: " + e.getMessage());
            }
            Path probe = dir.resolve(".write-probe");
            try {
                Files.writeString(probe, "ok");
                Files.delete(probe);
            } catch (IOException e) {
                throw new BrokerStartException("data directory " + dir + " is not writable: " + e.getMessage());
            }
            return dir;
        }

        private Path writeConfig(Path dir, int port, int controllerPort, String voters) {
            String replicas = Integer.toString(replicationFactor(clusterSize));
            String minIsr = Integer.toString(minInsyncReplicas(replicationFactor(clusterSize)));
            Properties p = new Properties();
            p.putAll(Map.ofEntries(
                    Map.entry("process.roles", "broker,controller"),
                    Map.entry("node.id", Integer.toString(nodeId)),
                    Map.entry("controller.quorum.voters", voters),
                    Map.entry(
                            "listeners",
                            "PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",CONTROLLER://" + Ports.LOOPBACK + ":"
                                    + controllerPort),
                    Map.entry("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port),
                    Map.entry("controller.listener.names", "CONTROLLER"),
                    Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                    Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                    Map.entry(
                            "log.dirs",
                            dir.resolve("kraft-logs").toAbsolutePath().toString()),
                    Map.entry("num.partitions", "1"),
                    Map.entry("default.replication.factor", replicas),
                    Map.entry("min.insync.replicas", minIsr),
                    Map.entry("offsets.topic.replication.factor", replicas),
                    Map.entry("offsets.topic.num.partitions", "5"),
                    Map.entry("transaction.state.log.replication.factor", replicas),
                    Map.entry("transaction.state.log.min.isr", minIsr),
                    Map.entry("transaction.state.log.num.partitions", "5"),
                    Map.entry("group.initial.rebalance.delay.ms", "0"),
                    // A crashed producer's open transaction blocks read_committed readers until it is
                    // aborted: look for timed-out ones every second, not every 10 s (the default).
                    Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"),
                    // The controller appends a no-op to the metadata log every 500 ms by default, which
                    // wakes the whole broker twice a second on an idle bus; every 5 s is plenty for one node.
                    Map.entry("metadata.max.idle.interval.ms", "5000"),
                    Map.entry("share.coordinator.state.topic.replication.factor", replicas),
                    Map.entry("share.coordinator.state.topic.min.isr", minIsr),
                    Map.entry("auto.create.topics.enable", "false"),
                    // Compaction and the log cleaner stay on so the hellos topic behaves as in production.
                    Map.entry("log.cleaner.enable", "true")));
            if (security != null) {
                p.putAll(security.brokerProperties(Ports.LOOPBACK, port, controllerPort));
            }
            if (containerHost != null) {
                String protocol = security != null ? security.protocol() : "PLAINTEXT";
                p.put(
                        "listeners",
                        protocol + "://0.0.0.0:" + port + ",INTERNAL://0.0.0.0:" + containerPort + ",CONTROLLER://"
                                + Ports.LOOPBACK + ":" + controllerPort);
                p.put(
                        "advertised.listeners",
                        protocol + "://" + Ports.LOOPBACK + ":" + port + ",INTERNAL://" + containerHost + ":"
                                + containerPort);
                p.put(
                        "listener.security.protocol.map",
                        p.getProperty("listener.security.protocol.map") + ",INTERNAL:" + protocol);
                if (security != null) { // a SASL listener needs its own JAAS section, the same login
                    p.put(security.listenerLogin("INTERNAL"), p.getProperty(security.listenerLogin(protocol)));
                }
            }
            if (clientCertPort != 0) {
                if (security == null || security.tls() == null) {
                    throw new BrokerStartException("a client-certificate listener needs TLS security");
                }
                Ports.requireFree(clientCertPort, "Kafka client-certificate listener");
                String host = containerHost != null ? "0.0.0.0" : Ports.LOOPBACK;
                p.put("listeners", p.getProperty("listeners") + ",MTLS://" + host + ":" + clientCertPort);
                p.put(
                        "advertised.listeners",
                        p.getProperty("advertised.listeners") + ",MTLS://" + Ports.LOOPBACK + ":" + clientCertPort);
                p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ",MTLS:SSL");
                p.putAll(BrokerTls.clientCertificateListener("mtls"));
            }
            if (advertisedPort != 0) {
                p.put(
                        "advertised.listeners",
                        p.getProperty("advertised.listeners")
                                .replace(Ports.LOOPBACK + ":" + port, Ports.LOOPBACK + ":" + advertisedPort));
            }
            if (security != null) {
                writeScramCredentials(dir, security);
            }
            Path file = dir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "embedded mgmt-bus broker");
                if (security != null) { // it holds the admin's password
                    Files.setPosixFilePermissions(
                            file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                }
            } catch (IOException e) {
                throw new BrokerStartException("cannot write " + file + ": " + e.getMessage(), e);
            }
            return file;
        }

        /** The users' credentials for the storage format, readable by this user only. */
        private static void writeScramCredentials(Path dir, BrokerSecurity security) {
            Path file = dir.resolve(SCRAM_FILE);
            try {
                Files.deleteIfExists(file);
                Files.createFile(
                        file,
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                Files.write(file, security.scramCredentials());
            } catch (IOException e) {
                throw new BrokerStartException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        private static Path writeLogConfig(Path dir) {
            Path file = dir.resolve("broker-logback.xml");
            String xml = """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="kafka" level="WARN"/>
                      <logger name="org.apache.kafka" level="WARN"/>
                      <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """;
            try {
                Files.writeString(file, xml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BrokerStartException("cannot write " + file + ": " + e.getMessage(), e);
            }
            return file;
        }

        private Process launch(Path dir, Path config, Path logConfig) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap));
            String extra = System.getenv(JAVA_OPTS_ENV);
            command.addAll(
                    extra == null || extra.isBlank()
                            ? DEFAULT_GC
                            : List.of(extra.trim().split("\\s+")));
            command.addAll(List.of(
                    "-Dlogback.configurationFile=" + logConfig,
                    "-cp",
                    System.getProperty("java.class.path"),
                    BrokerProcess.class.getName(),
                    config.toString(),
                    clusterId(dir),
                    dir.resolve(SCRAM_FILE).toString()));
            try {
                return new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                dir.resolve("broker.log").toFile()))
                        .start();
            } catch (IOException e) {
                throw new BrokerStartException("cannot start the broker JVM: " + e.getMessage(), e);
            }
        }

        /** Kafka cluster ids are base64 UUIDs; one per data directory (or the cluster's), kept for restarts. */
        private String clusterId(Path dir) {
            Path file = dir.resolve("cluster.id");
            try {
                if (Files.exists(file)) {
                    return Files.readString(file).trim();
                }
                String id = clusterId != null ? clusterId : newClusterId();
                Files.writeString(file, id);
                return id;
            } catch (IOException e) {
                throw new BrokerStartException("cannot read or write " + file + ": " + e.getMessage(), e);
            }
        }

        /** Kafka logs this once the broker serves requests (see BrokerProcess's log config). */
        private static final String STARTED_LINE = "Kafka Server started";

        private static boolean startedLineLogged(Path log, long fromOffset) {
            try (var channel = FileChannel.open(log)) {
                long size = channel.size();
                if (size <= fromOffset) {
                    return false;
                }
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - fromOffset, 1 << 20));
                channel.read(buffer, fromOffset);
                return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).contains(STARTED_LINE);
            } catch (IOException e) {
                return false;
            }
        }

        private static long sizeOf(Path file) {
            try {
                return Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                return 0;
            }
        }

        private void awaitReady(EmbeddedKafka kafka, long logOffset) {
            Instant deadline = Instant.now().plus(startTimeout);
            // The admin client connects as soon as it exists, so it is created only once Kafka
            // says it serves; polling earlier would only log connection warnings.
            while (!startedLineLogged(kafka.logFile(), logOffset)) {
                checkAlive(kafka);
                checkDeadline(kafka, deadline);
                sleep(100);
            }
            Map<String, Object> props = new HashMap<>(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
            if (security != null) {
                props.putAll(security.clientProperties(security.adminUser()));
            }
            try (Admin admin = Admin.create(props)) {
                while (true) {
                    checkAlive(kafka);
                    try {
                        if (!admin.describeCluster()
                                .nodes()
                                .get(3, TimeUnit.SECONDS)
                                .isEmpty()) {
                            return;
                        }
                    } catch (Exception notYet) {
                        // keep polling until the deadline
                    }
                    checkDeadline(kafka, deadline);
                    sleep(200);
                }
            }
        }

        private static void checkAlive(EmbeddedKafka kafka) {
            if (!kafka.process.isAlive()) {
                throw new BrokerStartException("the broker exited during start-up (exit " + kafka.process.exitValue()
                        + "): " + lastLines(kafka.logFile()));
            }
        }

        private void checkDeadline(EmbeddedKafka kafka, Instant deadline) {
            if (Instant.now().isAfter(deadline)) {
                throw new BrokerStartException("the broker did not become ready within " + startTimeout.toSeconds()
                        + "s; see " + kafka.logFile());
            }
        }

        private static String lastLines(Path log) {
            try {
                List<String> lines = Files.readAllLines(log);
                return lines.stream()
                                .filter(l -> l.contains("ERROR") || l.contains("Exception"))
                                .reduce((a, b) -> b)
                                .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1))
                        + " (full log: " + log + ")";
            } catch (IOException e) {
                return "(no log at " + log + ")";
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerStartException("interrupted while waiting for the broker", e);
            }
        }
    }
}
