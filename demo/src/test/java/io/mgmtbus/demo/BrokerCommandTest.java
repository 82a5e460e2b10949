package io.mgmtbus.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.launcher.Mgmt;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mgmt broker} and {@code mgmt demo} as operators meet them: help, and one-line errors. */
class BrokerCommandTest {

    @Test
    void aTakenPortIsOneLineAndExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String[] args = {"broker", "--port", Integer.toString(taken.getLocalPort())};
            CommandLine cli = Mgmt.commandLineFor(args);
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute(args)).isEqualTo(1);
            assertThat(err.toString().strip())
                    .isEqualTo(
                            "mgmt broker: Kafka port " + taken.getLocalPort()
                                    + " on 127.0.0.1 is already in use (is another instance running? pick another with --port)");
        }
    }

    @Test
    void theDemoModuleBringsItsCommandsToTheCommandLine() {
        assertThat(Mgmt.commandLine().getSubcommands()).containsKeys("demo", "broker");
        for (String command : new String[] {"demo", "broker"}) {
            StringWriter out = new StringWriter();
            CommandLine cli = Mgmt.commandLineFor(new String[] {command, "--help"});
            cli.setOut(new PrintWriter(out, true));
            assertThat(cli.execute(command, "--help")).isZero();
            assertThat(out.toString()).startsWith("Usage: mgmt " + command);
            assertThat(out.toString().lines()).allMatch(line -> line.length() <= 80);
        }
    }
}
