package io.mgmtbus.embedded;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Only a real listener makes a port "in use": a restart within a minute must not be refused. */
class PortsTest {

    @Test
    void aListeningPortIsTaken() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            assertThatThrownBy(() -> Ports.requireFree(listening.getLocalPort(), "Test"))
                    .hasMessage("Test port " + listening.getLocalPort() + " on 127.0.0.1 is already in use"
                            + " (is another instance running? pick another with --port)");
        }
    }

    @Test
    void connectionsInTimeWaitDoNotMakeAPortTaken() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), 0));
            port = server.getLocalPort();
            try (Socket client = new Socket(Ports.LOOPBACK, port);
                    Socket accepted = server.accept()) {
                accepted.close(); // the server side closes first, so the server's port holds the TIME_WAIT
                client.getInputStream().read();
            }
        }
        int stoppedServerPort = port;
        assertThatCode(() -> Ports.requireFree(stoppedServerPort, "Test")).doesNotThrowAnyException();
    }
}
