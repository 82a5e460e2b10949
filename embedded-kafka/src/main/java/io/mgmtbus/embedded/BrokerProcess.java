package io.mgmtbus.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Entry point of the broker's own JVM, started by {@link EmbeddedKafka}. Formats the storage
 * on first start, then runs Kafka's own {@code kafka.Kafka}. It exits (through Kafka's clean
 * shutdown hook) when its standard input closes, so a parent that dies, even by SIGKILL,
 * never leaves a broker behind.
 */
public final class BrokerProcess {

    private BrokerProcess() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: BrokerProcess <server.properties> <cluster-id> <scram-credentials-file>");
            System.exit(2);
        }
        Path config = Path.of(args[0]);
        // Ctrl-C in a terminal signals the whole process group; the parent decides when the broker
        // stops (after its clients), by closing our stdin.
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {});
        exitWhenParentGoes(System.in);
        formatIfNew(config, args[1], Path.of(args[2]));
        kafka.Kafka.main(new String[] {config.toString()});
    }

    /**
     * Formats the storage unless it is formatted; a secured broker's SCRAM credentials (one per
     * line of {@code scramFile}, when it exists) go into it then, and the file is deleted.
     */
    private static void formatIfNew(Path config, String clusterId, Path scramFile) throws IOException {
        Properties props = new Properties();
        try (var in = Files.newInputStream(config)) {
            props.load(in);
        }
        if (Files.exists(Path.of(props.getProperty("log.dirs"), "meta.properties"))) {
            Files.deleteIfExists(scramFile); // the credentials are in the storage since its first start
            return;
        }
        PrintStream out = System.out;
        List<String> command = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
        if (Files.exists(scramFile)) {
            for (String credential : Files.readAllLines(scramFile)) {
                command.addAll(List.of("--add-scram", credential));
            }
        }
        int rc = kafka.tools.StorageTool.execute(command.toArray(String[]::new), out);
        Files.deleteIfExists(scramFile);
        if (rc != 0) {
            System.err.println("formatting Kafka storage failed (exit " + rc + ")");
            System.exit(rc);
        }
    }

    private static void exitWhenParentGoes(InputStream parent) {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (parent.read() != -1) {
                            // the parent never writes; any byte is ignored
                        }
                    } catch (IOException ignored) {
                        // a broken pipe means the same as EOF: the parent is gone
                    }
                    System.exit(0);
                },
                "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
