package io.mgmtbus.harness;

import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.Mgmt;
import java.util.Set;

/**
 * The harness's entry point: {@code mgmt bench} and {@code mgmt faults}, on the harness's class
 * path ({@code bin/mgmt} runs this class for them). Kept apart from the CLI users run, as Kafka
 * keeps trogdor and its JMH benchmarks apart from its clients.
 */
public final class Harness {

    /** The commands this module brings. */
    static final Set<String> COMMANDS = Set.of("bench", "faults");

    private Harness() {}

    public static void main(String[] args) {
        if (args.length == 0 || !COMMANDS.contains(args[0])) {
            System.err.println("usage: mgmt bench|faults [--help]: the benchmark and the fault scenarios"
                    + " (every other command: bin/mgmt --help)");
            System.exit(ExitCodes.USAGE);
        }
        System.exit(Mgmt.commandLineFor(args).execute(args));
    }
}
