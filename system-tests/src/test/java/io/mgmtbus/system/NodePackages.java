package io.mgmtbus.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Node.js interop scripts and the packages they use (kafkajs and its registry client), installed once. */
public final class NodePackages {

    public static final Path DIR = Path.of("src/test/node");

    private NodePackages() {}

    public static synchronized void install() throws InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules/kafkajs"))) {
            ExternalProcess.run(DIR, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(5));
        }
    }
}
