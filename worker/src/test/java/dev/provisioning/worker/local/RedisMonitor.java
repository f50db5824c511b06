package dev.provisioning.worker.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches a loopback Redis with MONITOR and counts the commands that clients sent, by name.
 * Commands that scripts run inside Redis are shown by MONITOR with the source {@code lua} and are
 * left out, unlike in INFO commandstats, which counts them too.
 */
public final class RedisMonitor implements AutoCloseable {
    /** A MONITOR line: {@code +1700000000.123456 [0 127.0.0.1:5000] "evalsha" "..."}. */
    private static final Pattern LINE =
            Pattern.compile("^\\+[0-9.]+ \\[\\d+ ([^\\]]+)\\] \"([^\"]+)\"");

    private final Socket socket;
    private final BufferedReader lines;
    private final List<String> clientCommands = new ArrayList<>();

    private RedisMonitor(Socket socket, BufferedReader lines) {
        this.socket = socket;
        this.lines = lines;
    }

    /**
     * Starts monitoring the Redis on 127.0.0.1 at the port; returns once MONITOR is acknowledged.
     */
    public static RedisMonitor start(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(LoopbackPorts.HOST, port), 2_000);
        OutputStream output = socket.getOutputStream();
        output.write("*1\r\n$7\r\nMONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        output.flush();
        BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String reply = lines.readLine();
        if (!"+OK".equals(reply)) {
            socket.close();
            throw new IOException("MONITOR was not acknowledged, Redis replied: " + reply);
        }
        RedisMonitor monitor = new RedisMonitor(socket, lines);
        Thread reader = new Thread(monitor::readLines, "redis-monitor-" + port);
        reader.setDaemon(true);
        reader.start();
        return monitor;
    }

    private void readLines() {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher matcher = LINE.matcher(line);
                if (matcher.find() && !matcher.group(1).equals("lua")) {
                    synchronized (clientCommands) {
                        clientCommands.add(matcher.group(2).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                throw new UncheckedIOException("reading MONITOR output failed", e);
            }
        }
    }

    /** Returns how many commands clients sent so far, by lower-case command name. */
    public Map<String, Integer> clientCommands() {
        Map<String, Integer> counts = new TreeMap<>();
        synchronized (clientCommands) {
            for (String command : clientCommands) {
                counts.merge(command, 1, Integer::sum);
            }
        }
        return counts;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
