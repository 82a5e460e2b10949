package io.mgmtbus.harness.faults;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.launcher.BusOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code mgmt} command (a node, the streams-app, the agent) run as its own JVM, so a fault
 * can kill it the way an operating system would: {@code kill -9} leaves no shutdown hook, no
 * commit and no goodbye. Its stdout and stderr go to a log file named after it.
 */
final class ChildProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;
    private long lastStartOffset;

    private ChildProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = command;
        this.log = log;
    }

    /** Starts {@code mgmt ARGS --bootstrap-servers ... } on the bus, logging to {@code logDir/name.log}. */
    static ChildProcess start(String name, BusConfig bus, Path logDir, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ChildMain.class.getName()));
        command.addAll(args);
        command.addAll(BusOptions.argsFor(bus));
        ChildProcess child = new ChildProcess(name, command, logDir.resolve(name + ".log"));
        child.launch();
        return child;
    }

    private void launch() {
        lastStartOffset = logLength();
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // Its stdin stays open while this JVM lives: ChildMain exits when it closes.
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    String name() {
        return name;
    }

    /** {@code kill -9}: the process dies at once, without running anything of its own. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        appendMarker("killed with SIGKILL");
    }

    /** SIGTERM, as a service manager stops a service: its shutdown hooks run. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        appendMarker("stopped with SIGTERM");
    }

    /** Sends SIGTERM without waiting, so several children stop at once; {@link #close} then waits. */
    void requestStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Starts the same command again (after {@link #kill} or {@link #stop}). */
    ChildProcess restart() {
        launch();
        return this;
    }

    /** Waits until the process printed {@code text} since it last started; fails if it died first. */
    ChildProcess awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (printedSince(lastStartOffset, text)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before saying '" + text
                        + "' (see " + log + ")");
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                name + " did not say '" + text + "' within " + timeout.toSeconds() + "s (see " + log + ")");
    }

    private boolean printedSince(long offset, String text) {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private long logLength() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void appendMarker(String what) {
        try {
            Files.writeString(
                    log,
                    "---- " + name + " " + what + " ----" + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND,
                    java.nio.file.StandardOpenOption.CREATE);
        } catch (IOException e) {
            // the marker only helps a reader of the log
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
