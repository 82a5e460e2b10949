package io.mgmtbus.demo;

import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.launcher.ExitCodes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mgmt broker}: runs a real single-node KRaft broker in the foreground until Ctrl-C. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run a single-node Kafka broker (KRaft, broker+controller) on 127.0.0.1 until Ctrl-C.",
            "Without --data-dir the data lives in a temporary directory that is deleted on exit."
        })
public final class BrokerCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "9092",
            description = "Listener port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the broker's data here across restarts.")
    Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafka kafka =
                EmbeddedKafka.builder().port(port).dataDir(dataDir).start();
        System.out.println("Kafka broker listening on " + kafka.bootstrapServers() + " (log: " + kafka.logFile()
                + "). Ctrl-C stops it.");
        new CountDownLatch(1).await(); // the JVM's shutdown hook stops the broker
        return ExitCodes.OK;
    }
}
