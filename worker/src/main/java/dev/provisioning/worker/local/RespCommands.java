package dev.provisioning.worker.local;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends one Redis command over a new blocking socket and reads a one-line reply, so that {@link
 * LocalRedis} can probe and reset its server without a Redis client or an event loop.
 */
final class RespCommands {

    /** Maximum length of a reply line. The replies this class expects are a few bytes long. */
    private static final int MAX_REPLY_BYTES = 4_096;

    private RespCommands() {}

    /**
     * Sends {@code arguments} as one command to 127.0.0.1:{@code port} and returns the reply line
     * without its CRLF, such as {@code +PONG}. The timeout applies to connecting and to reading.
     *
     * @throws IOException if the connection fails, the timeout passes, or the server replies with
     *     an error such as {@code -ERR unknown command}
     */
    static String execute(int port, Duration timeout, String... arguments) throws IOException {
        String reply = send(port, timeout, arguments);
        if (reply.startsWith("-")) {
            throw new IOException(
                    "Redis at port " + port + " rejected " + arguments[0] + ": " + reply);
        }
        return reply;
    }

    /**
     * Sends {@code arguments} as {@link #execute} does and returns the reply line, an error reply
     * such as {@code -NOAUTH Authentication required.} included.
     *
     * @throws IOException if the connection fails or the timeout passes
     */
    static String send(int port, Duration timeout, String... arguments) throws IOException {
        int timeoutMillis = Math.toIntExact(timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LoopbackPorts.HOST, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);

            OutputStream output = socket.getOutputStream();
            output.write(encode(arguments));
            output.flush();
            return readLine(socket.getInputStream());
        }
    }

    /** Encodes a command as a RESP array of bulk strings. */
    private static byte[] encode(String... arguments) {
        StringBuilder command = new StringBuilder();
        command.append('*').append(arguments.length).append("\r\n");
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            command.append('$').append(bytes.length).append("\r\n");
            command.append(argument).append("\r\n");
        }
        return command.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream input) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (line.size() < MAX_REPLY_BYTES) {
            int current = input.read();
            if (current == -1) {
                throw new EOFException("Redis closed the connection before a full reply line");
            }
            if (previous == '\r' && current == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(current);
            previous = current;
        }
        throw new IOException("Redis reply line longer than " + MAX_REPLY_BYTES + " bytes");
    }
}
