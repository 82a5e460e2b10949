package io.mgmtbus.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.launcher.Mgmt;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** On the harness's class path, {@code mgmt bench} and {@code mgmt faults} are there, with help that fits. */
class HarnessCommandsTest {

    @Test
    void benchAndFaultsLoadWithTheirHelp() {
        assertThat(Mgmt.commandLine().getSubcommands()).containsKeys("bench", "faults");
        for (String command : Harness.COMMANDS) {
            StringWriter out = new StringWriter();
            CommandLine cli = Mgmt.commandLineFor(new String[] {command, "--help"});
            cli.setOut(new PrintWriter(out, true));
            assertThat(cli.execute(command, "--help")).isZero();
            assertThat(out.toString()).startsWith("Usage: mgmt " + command);
            assertThat(out.toString().lines()).allMatch(line -> line.length() <= 80);
        }
    }
}
