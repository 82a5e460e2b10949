package io.mgmtbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's promises to operators: help everywhere, one-line errors, usable exit codes. */
class MgmtTest {

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = Mgmt.commandLineFor(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8)); // where picocli warns
        try {
            for (String command : Mgmt.commandLine().getSubcommands().keySet()) {
                Run help = run(command, "--help");
                assertThat(help.exitCode()).as(command).isZero();
                assertThat(help.out()).as(command).startsWith("Usage: mgmt " + command);
                assertThat(help.out().lines()).as(command + ": fits 80 columns").allMatch(line -> line.length() <= 80);
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8))
                .as("picocli's warnings, e.g. a %% not doubled in a description")
                .doesNotContain("picocli WARN");
        assertThat(Mgmt.commandLine().getSubcommands().keySet())
                .contains("registry", "node", "streams", "agent", "dispatch", "nodes", "request")
                .as("the CLI's class path carries no broker and no harness")
                .doesNotContain("demo", "broker", "bench", "faults");
    }

    @Test
    void missingAndInvalidInputIsExitCode2() {
        Run noName = run("node", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(noName.exitCode()).isEqualTo(2);
        assertThat(noName.err().strip())
                .isEqualTo(
                        "mgmt node: a node name is required: pass --name, set MGMT_NODE_NAME, or put node.name in --config");

        Run badTimeout = run("dispatch", "ping", "--timeout", "soon");
        assertThat(badTimeout.exitCode()).isEqualTo(2);
        assertThat(badTimeout.err().strip())
                .isEqualTo("mgmt dispatch: bad timeout 'soon': use e.g. 5s, 500ms, 2m or PT5S");

        Run typo = run("nodez");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("'nodez'").contains("Did you mean: mgmt node or mgmt nodes");

        Run unknownOption = run("nodes", "--frobnicate");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void theOverviewListsEveryCommandWithoutBuildingThem() {
        Run overview = run("--help");
        assertThat(overview.exitCode()).isZero();
        for (Mgmt.Subcommand command : Mgmt.COMMANDS) {
            assertThat(overview.out()).contains("  " + command.name() + " ").contains(command.summary());
        }
        assertThat(overview.out().lines()).as("fits 80 columns").allMatch(line -> line.length() <= 80);
        assertThat(Mgmt.commandLineFor(new String[] {"nodes", "--help"}).getSubcommands())
                .containsOnlyKeys("nodes");
    }

    @Test
    void everyCommandOfTheLauncherLoads() {
        assertThat(Mgmt.COMMANDS.stream()
                        .filter(c -> c.module().equals(Mgmt.LAUNCHER))
                        .filter(c -> c.load().isEmpty())
                        .map(Mgmt.Subcommand::name))
                .as("launcher commands whose class does not load")
                .isEmpty();
    }

    @Test
    void aCommandFromAModuleNotOnTheClassPathSaysWhereItLives() {
        Run bench = run("bench", "--quick");
        assertThat(bench.exitCode()).isEqualTo(1);
        assertThat(bench.err().strip())
                .isEqualTo("mgmt bench: this installation does not include the harness module;"
                        + " run it from a source checkout: bin/mgmt bench");
        for (String command : new String[] {"faults", "demo", "broker"}) {
            Run missing = run(command);
            assertThat(missing.exitCode()).as(command).isEqualTo(1);
            assertThat(missing.err())
                    .as(command)
                    .contains("does not include the " + (command.equals("faults") ? "harness" : "demo") + " module;");
        }
        Run rebuild = run("rebuild-outcomes", "--dry-run");
        assertThat(rebuild.exitCode()).isEqualTo(1);
        assertThat(rebuild.err().strip())
                .isEqualTo("mgmt rebuild-outcomes: this installation does not include history's offline engine"
                        + " (kafka-streams-test-utils); run it from a source checkout: bin/mgmt rebuild-outcomes");
    }
}
