package dev.provisioning.worker.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1 for the local servers of this package. */
final class LoopbackPorts {

    /** The only address that the local servers bind to and that their clients connect to. */
    static final String HOST = "127.0.0.1";

    private LoopbackPorts() {}

    /**
     * Returns a TCP port that was free on 127.0.0.1 when this method returned. Another process can
     * bind it before the caller does, so a caller that picks ports this way retries a failed bind.
     */
    static int findFreePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to find a free TCP port on " + HOST, e);
        }
    }

    /** Returns whether a server socket can bind {@code port} on 127.0.0.1 at this moment. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
