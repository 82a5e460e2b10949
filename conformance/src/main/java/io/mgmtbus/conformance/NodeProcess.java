package io.mgmtbus.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node under test: the operator's command run by {@code sh -c 'exec COMMAND'} (so the node
 * is the process the kit signals), its output appended to a log file.
 */
final class NodeProcess implements AutoCloseable {

    private final String command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    NodeProcess(String command, Map<String, String> environment, Path log) {
        this.command = command;
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of("sh", "-c", "exec " + command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: a crash, no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orderly stop; whether it exited within {@code patience}. */
    boolean terminate(Duration patience) throws InterruptedException {
        process.destroy();
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How it ended, with its last lines of output, for a node that exited when it should not have. */
    String exit() {
        String code = process == null || process.isAlive() ? "still running" : "exit code " + process.exitValue();
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log);
            return code + "; its last output: "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return code;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            kill();
        }
    }
}
