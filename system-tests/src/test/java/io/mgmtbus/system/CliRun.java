package io.mgmtbus.system;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.Mgmt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a {@code mgmt} command against a bus, in process, with what it printed.
 *
 * @param exitCode the command's exit code
 * @param out what it printed on stdout
 * @param err what it printed on stderr (warnings, one-line errors; logs go there too)
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code mgmt COMMAND ARGS} plus the bus's connection options, as {@code bin/mgmt} would. */
    public static synchronized CliRun of(BusConfig bus, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        all.addAll(BusOptions.argsFor(bus));
        return withArgs(all.toArray(String[]::new));
    }

    /** Runs {@code mgmt ARGS} as given: for commands that take no bus. */
    public static synchronized CliRun withArgs(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            int exit = Mgmt.commandLine().execute(args);
            return new CliRun(exit, printed.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
