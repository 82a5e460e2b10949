package io.mgmtbus.system.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP forwarder from a loopback port to {@code 127.0.0.1:target} that keeps a copy of every
 * byte it carries, both ways: what anyone on the path (a tap, {@code tcpdump}) would see.
 */
final class CapturingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    CapturingProxy(int target) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        Thread acceptor = new Thread(this::accept, "capturing-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Whether {@code text} (UTF-8) occurs anywhere in what was carried. */
    boolean carried(String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        byte[] hay = bytes();
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    int size() {
        return bytes().length;
    }

    private byte[] bytes() {
        synchronized (seen) {
            return seen.toByteArray();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection drop
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[16384];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            synchronized (seen) {
                                seen.write(buffer, 0, n);
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        close(from);
                        close(to);
                    }
                },
                "capturing-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
