package io.mgmtbus.system.containers;

import io.mgmtbus.embedded.Ports;
import io.mgmtbus.system.ExternalProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One run of the repository's docker-compose.yml (plus override files) as its own compose
 * project, on free host ports, through whatever Docker API {@code DOCKER_HOST} names (podman's,
 * set up by {@code bin/containers setup}, or a Docker engine's).
 */
final class Compose implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String SECURE = "compose/secure.yml";

    private final String project = "mgmt-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> files;
    private final Map<String, String> env = new HashMap<>();
    final int kafkaPort = Ports.freePort();
    final int registryPort = Ports.freePort();
    final int agentPort = Ports.freePort();
    /** The secure variant's mutual-TLS listener. */
    final int certPort = Ports.freePort();

    Compose(List<String> files, Map<String, String> env) {
        this.files = files;
        this.env.putAll(env);
        this.env.put("MGMT_KAFKA_PORT", Integer.toString(kafkaPort));
        this.env.put("MGMT_REGISTRY_PORT", Integer.toString(registryPort));
        this.env.put("MGMT_AGENT_PORT", Integer.toString(agentPort));
        this.env.put("MGMT_KAFKA_CERT_PORT", Integer.toString(certPort));
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String registryUrl() {
        return scheme() + "://127.0.0.1:" + registryPort;
    }

    String agentUrl() {
        return scheme() + "://127.0.0.1:" + agentPort;
    }

    /** The secure override serves the registry and the agent on HTTPS only. */
    private String scheme() {
        return files.contains(SECURE) ? "https" : "http";
    }

    void up() throws InterruptedException {
        run(Duration.ofMinutes(5), "up", "-d");
    }

    /** {@code docker-compose kill}: SIGKILL, as a crash. */
    void kill(String service) throws InterruptedException {
        run(Duration.ofMinutes(1), "kill", service);
    }

    void start(String service) throws InterruptedException {
        run(Duration.ofMinutes(1), "start", service);
    }

    String logs() throws InterruptedException {
        return run(Duration.ofMinutes(1), "logs", "--no-color", "--tail", "60");
    }

    String run(Duration timeout, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--project-name", project));
        files.forEach(file -> command.addAll(List.of("--file", file)));
        command.addAll(List.of(args));
        return ExternalProcess.run(ROOT, command, env, timeout);
    }

    /** {@code down -v}: containers, network and volumes gone. */
    @Override
    public void close() throws InterruptedException {
        run(Duration.ofMinutes(2), "down", "-v", "--timeout", "10");
    }
}
