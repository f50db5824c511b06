package dev.provisioning.worker.local;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster of three masters and no replicas for integration tests: three {@code redis-server
 * --cluster-enabled yes} child processes on free ports of 127.0.0.1, each with a temporary
 * directory of its own, joined by {@code redis-cli --cluster create}. Persistence is off, so the
 * data lasts only as long as the processes.
 *
 * <p>Each process is only ever stopped through its own {@link Process} handle. A JVM shutdown hook
 * kills them if the JVM exits before {@link #close()}.
 */
public final class LocalRedisCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalRedisCluster.class);

    /** Masters of the cluster; three is the smallest count that {@code --cluster create} takes. */
    public static final int NODE_COUNT = 3;

    private static final String SERVER_EXECUTABLE = "redis-server";
    private static final String CLI_EXECUTABLE = "redis-cli";
    private static final String LOG_FILE_NAME = "redis-server.log";
    private static final Duration NODE_START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STATE_OK_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    /** Start attempts per node, for when another process binds a picked port first. */
    private static final int MAX_NODE_START_ATTEMPTS = 3;

    private final List<Node> nodes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::killOnJvmExit, "local-redis-cluster-stop");
    private boolean closed;

    /** One server process with its client port and directory. */
    private record Node(Process process, int port, Path directory) {}

    private LocalRedisCluster() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Returns whether {@code redis-server} and {@code redis-cli} are both on the {@code PATH}. */
    public static boolean isInstalled() {
        return findExecutable(SERVER_EXECUTABLE).isPresent()
                && findExecutable(CLI_EXECUTABLE).isPresent();
    }

    /**
     * Starts three nodes, creates the cluster with all 16384 slots spread over them, and waits
     * until every node reports {@code cluster_state:ok}.
     *
     * @throws IllegalStateException if an executable is missing, a node did not start, the cluster
     *     could not be created, or its state was not ok within 20 seconds. The message contains the
     *     output of the failed step.
     */
    public static LocalRedisCluster start() {
        Path server = require(SERVER_EXECUTABLE);
        Path cli = require(CLI_EXECUTABLE);
        long startNanos = System.nanoTime();

        LocalRedisCluster cluster = new LocalRedisCluster();
        try {
            for (int i = 0; i < NODE_COUNT; i++) {
                cluster.nodes.add(startNodeWithRetries(server));
            }
            cluster.create(cli);
            cluster.awaitStateOk();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        log.info(
                "Redis Cluster started ports={} durationMillis={}",
                cluster.ports(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return cluster;
    }

    /** Returns the client ports of the nodes, in start order. */
    public List<Integer> ports() {
        return nodes.stream().map(Node::port).toList();
    }

    /** Returns the URI of the first node, enough for a cluster client to find the others. */
    public String seedUri() {
        return uriOf(nodes.get(0).port());
    }

    /** Returns one {@code redis://} URI per node, in start order. */
    public List<String> nodeUris() {
        return nodes.stream().map(node -> uriOf(node.port())).toList();
    }

    /** Stops every node with SIGTERM (SIGKILL after 10 s) and deletes their directories. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }

        closed = true;
        for (Node node : nodes) {
            stop(node);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            log.debug("JVM is shutting down, shutdown hook left in place");
        }
    }

    private static Node startNodeWithRetries(Path server) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startNode(server);
            } catch (IllegalStateException e) {
                if (attempt >= MAX_NODE_START_ATTEMPTS) {
                    throw e;
                }
                log.warn("Redis Cluster node failed to start, retrying attempt={}", attempt, e);
            }
        }
    }

    private static Node startNode(Path server) {
        Path directory = createDirectory();
        int port = LoopbackPorts.findFreePort();
        int busPort = LoopbackPorts.findFreePort();
        ProcessBuilder builder =
                new ProcessBuilder(
                                server.toString(),
                                "--bind",
                                LoopbackPorts.HOST,
                                "--port",
                                Integer.toString(port),
                                "--cluster-enabled",
                                "yes",
                                "--cluster-port",
                                Integer.toString(busPort),
                                "--cluster-config-file",
                                directory.resolve("nodes.conf").toString(),
                                "--save",
                                "",
                                "--appendonly",
                                "no",
                                "--daemonize",
                                "no",
                                "--dir",
                                directory.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        directory.resolve(LOG_FILE_NAME).toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to run " + server, e);
        }

        Node node = new Node(process, port, directory);
        try {
            awaitPong(node);
        } catch (IllegalStateException e) {
            stop(node);
            throw e;
        }
        return node;
    }

    /** Sends PING every 50 ms until the node replies, its process exits or 10 seconds pass. */
    private static void awaitPong(Node node) {
        long deadlineNanos = System.nanoTime() + NODE_START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadlineNanos && node.process().isAlive()) {
            try {
                RespCommands.execute(node.port(), COMMAND_TIMEOUT, "PING");
                return;
            } catch (IOException e) {
                sleep(POLL_INTERVAL);
            }
        }
        throw new IllegalStateException(
                "redis-server on port "
                        + node.port()
                        + " did not reply to PING within "
                        + NODE_START_TIMEOUT.toSeconds()
                        + " s; its log ends:\n"
                        + readLog(node));
    }

    private void create(Path cli) {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        ports().forEach(port -> command.add(LoopbackPorts.HOST + ":" + port));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path output = nodes.get(0).directory().resolve("cluster-create.log");

        Process process;
        try {
            process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to run " + cli, e);
        }
        boolean exited = waitForExit(process, CREATE_TIMEOUT);
        if (!exited) {
            process.destroyForcibly();
            waitForExit(process, STOP_TIMEOUT);
        }
        if (!exited || process.exitValue() != 0) {
            throw new IllegalStateException(
                    "redis-cli --cluster create "
                            + (exited ? "exited with " + process.exitValue() : "timed out")
                            + "; its output:\n"
                            + read(output));
        }
    }

    /** Polls CLUSTER INFO on every node until all report the state ok with every node known. */
    private void awaitStateOk() {
        long deadlineNanos = System.nanoTime() + STATE_OK_TIMEOUT.toNanos();
        for (Node node : nodes) {
            RedisURI uri = RedisURI.create(uriOf(node.port()));
            uri.setTimeout(COMMAND_TIMEOUT);
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                String info = connection.sync().clusterInfo();
                while (!isComplete(info)) {
                    if (System.nanoTime() > deadlineNanos) {
                        throw new IllegalStateException(
                                "Redis Cluster node on port "
                                        + node.port()
                                        + " not ok within "
                                        + STATE_OK_TIMEOUT.toSeconds()
                                        + " s; CLUSTER INFO:\n"
                                        + info);
                    }
                    sleep(POLL_INTERVAL);
                    info = connection.sync().clusterInfo();
                }
            } finally {
                client.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
            }
        }
    }

    private static boolean isComplete(String clusterInfo) {
        return clusterInfo.contains("cluster_state:ok")
                && clusterInfo.contains("cluster_slots_ok:16384")
                && clusterInfo.contains("cluster_known_nodes:" + NODE_COUNT);
    }

    private static void stop(Node node) {
        Process process = node.process();
        process.destroy();
        if (!waitForExit(process, STOP_TIMEOUT)) {
            log.warn(
                    "Redis Cluster node did not stop on SIGTERM, sending SIGKILL port={} pid={}",
                    node.port(),
                    process.pid());
            process.destroyForcibly();
            waitForExit(process, STOP_TIMEOUT);
        }
        try {
            Directories.deleteTree(node.directory());
        } catch (IOException e) {
            log.warn("failed to delete Redis Cluster node directory {}", node.directory(), e);
        }
    }

    private void killOnJvmExit() {
        for (Node node : List.copyOf(nodes)) {
            node.process().destroyForcibly();
        }
    }

    private static String uriOf(int port) {
        return "redis://" + LoopbackPorts.HOST + ":" + port;
    }

    private static String readLog(Node node) {
        return read(node.directory().resolve(LOG_FILE_NAME));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + file + " not readable: " + e.getMessage() + ")";
        }
    }

    private static boolean waitForExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while waiting for process " + process.pid() + " to exit", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis Cluster", e);
        }
    }

    private static Path require(String name) {
        return findExecutable(name)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        name
                                                + " not found on PATH; install it (for example:"
                                                + " apt-get install redis-server, which brings"
                                                + " redis-cli too)"));
    }

    private static Optional<Path> findExecutable(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }

        for (String directory : path.split(File.pathSeparator)) {
            try {
                Path candidate = Path.of(directory, name);
                if (!directory.isEmpty()
                        && Files.isRegularFile(candidate)
                        && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                log.debug("skipping invalid PATH entry directory={}", directory);
            }
        }
        return Optional.empty();
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("local-redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create a temporary Redis directory", e);
        }
    }
}
