package io.mgmtbus.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Stands in for a subcommand whose module is not on this class path (the CLI's own class path
 * carries neither the demo's broker nor the harness; the image adds the broker's jars for {@code
 * broker} and {@code demo} only): says where the command lives instead of failing with a
 * class-loading error.
 */
@Command(mixinStandardHelpOptions = false)
final class MissingModule implements Callable<Integer> {

    private final Mgmt.Subcommand command;

    @Unmatched
    java.util.List<String> ignored;

    @Spec
    CommandSpec spec;

    MissingModule(Mgmt.Subcommand command) {
        this.command = command;
    }

    @Override
    public Integer call() {
        spec.commandLine()
                .getErr()
                .println("mgmt " + command.name() + ": this installation does not include " + command.module()
                        + "; run it from a source checkout: bin/mgmt " + command.name());
        return ExitCodes.FAILURE;
    }
}
