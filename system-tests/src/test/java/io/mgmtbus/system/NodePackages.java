package io.mgmtbus.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Node.js interop scripts and the packages they use (kafkajs and its registry client), installed once. */
public final class NodePackages {

    public static final Path DIR = Path.of("src/test/node");

    private NodePackages() {}

    /**
     * Installs the packages unless they are there. A file lock, not only this JVM's monitor: two
     * test JVMs of the module may ask at once, and two {@code npm ci} in one folder break each other.
     */
    public static synchronized void install() throws InterruptedException {
        try {
            Files.createDirectories(Path.of("target"));
            try (FileChannel lock = FileChannel.open(
                            Path.of("target/npm-install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lock.lock()) {
                if (!Files.isDirectory(DIR.resolve("node_modules/kafkajs"))) {
                    ExternalProcess.run(
                            DIR, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(5));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock target/npm-install.lock", e);
        }
    }
}
