package io.mgmtbus.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port checks shared by every embedded server. */
public final class Ports {

    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {}

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails with a one-line reason when a server listens on {@code port} on 127.0.0.1. Binds the
     * way Kafka's and Jetty's acceptors do (SO_REUSEADDR on), so connections of a stopped server
     * still in TIME_WAIT do not count as taken: the real server could bind, so may we.
     */
    public static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
        } catch (IOException e) {
            throw new BrokerStartException(what + " port " + port + " on " + LOOPBACK
                    + " is already in use (is another instance running? pick another with --port)");
        }
    }
}
