package dev.provisioning.worker.local;

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
 * A {@code redis-server} child process on a free port of 127.0.0.1, for integration tests and the
 * local command line. Persistence is off (no RDB snapshots and no append-only file), so the data
 * lasts only as long as one process, and a {@link #restart()} starts empty.
 *
 * <p>The process is only ever signalled through its own {@link Process} handle or its PID. A JVM
 * shutdown hook kills it if the JVM exits before {@link #close()}. The methods are synchronized, so
 * a fault test may pause the server on one thread while another thread closes it.
 */
public final class LocalRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalRedis.class);

    private static final String EXECUTABLE_NAME = "redis-server";
    private static final String LOG_FILE_NAME = "redis-server.log";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PING_INTERVAL = Duration.ofMillis(20);
    private static final int LOG_TAIL_LINES = 20;

    /** Maximum start attempts, for when another process binds the picked port first. */
    private static final int MAX_START_ATTEMPTS = 3;

    private final Path executable;
    private final Path dataDir;
    private final int port;
    private final List<String> extraArguments;
    private final Thread shutdownHook;

    /** The running server, or null while stopped. The shutdown hook reads it without the lock. */
    private volatile Process process;

    private boolean paused;
    private boolean closed;

    private LocalRedis(Path executable, Path dataDir, int port, List<String> extraArguments) {
        this.executable = executable;
        this.dataDir = dataDir;
        this.port = port;
        this.extraArguments = extraArguments;
        this.shutdownHook = new Thread(this::killOnJvmExit, "local-redis-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Returns whether an executable {@code redis-server} is on the {@code PATH}. */
    public static boolean isInstalled() {
        return findExecutable().isPresent();
    }

    /**
     * Starts {@code redis-server} on a free port of 127.0.0.1 with a new temporary directory and
     * waits until it replies to PING.
     *
     * @throws IllegalStateException if {@code redis-server} is not on the {@code PATH}, exits at
     *     startup or does not reply to PING within 10 seconds. The message contains the end of the
     *     server's log.
     */
    public static LocalRedis start() {
        return start(List.of());
    }

    /**
     * Starts {@code redis-server} as {@link #start()} does, with {@code extraArguments} after the
     * default ones, such as {@code --requirepass} or the {@code --tls-*} options. Redis applies the
     * last value of a repeated option, but the extra arguments must keep the plain port that {@link
     * #port()} names, because the start-up check sends PING there. A server started with {@code
     * --requirepass} counts as ready when that PING gets the NOAUTH reply, and {@link #flushAll()}
     * fails on it.
     *
     * @throws IllegalStateException as {@link #start()} does
     */
    public static LocalRedis start(List<String> extraArguments) {
        List<String> arguments = List.copyOf(extraArguments);
        Path executable =
                findExecutable()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                EXECUTABLE_NAME
                                                        + " not found on PATH; install it (for"
                                                        + " example: apt-get install"
                                                        + " redis-server)"));

        for (int attempt = 1; ; attempt++) {
            LocalRedis redis =
                    new LocalRedis(
                            executable, createDataDir(), LoopbackPorts.findFreePort(), arguments);
            try {
                redis.launch();
                return redis;
            } catch (PortInUseException e) {
                redis.close();
                if (attempt >= MAX_START_ATTEMPTS) {
                    throw new IllegalStateException(
                            "redis-server failed to start after "
                                    + attempt
                                    + " attempts because each picked port was taken",
                            e);
                }
                log.warn("Redis port in use, retrying port={} attempt={}", redis.port, attempt);
            } catch (RuntimeException e) {
                redis.close();
                throw e;
            }
        }
    }

    /** Returns the URI for Redis clients, such as {@code redis://127.0.0.1:6379}. */
    public String uri() {
        return "redis://" + LoopbackPorts.HOST + ":" + port;
    }

    /** Returns the TCP port, which stays the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /**
     * Returns the PID of the running server, which changes with each {@link #restart()}.
     *
     * @throws IllegalStateException if the server is stopped or closed
     */
    public synchronized long pid() {
        return requireRunning().pid();
    }

    /** Returns whether the server process is running, paused or not. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Stops the server with SIGTERM and waits until it exits. A paused server is resumed first,
     * because a stopped process acts on SIGTERM only after SIGCONT. A server that has not exited
     * after 10 seconds is killed with SIGKILL. Does nothing if the server is already stopped.
     */
    public synchronized void stop() {
        Process running = process;
        if (running == null) {
            return;
        }

        if (paused) {
            sendSignal(running, "CONT");
            paused = false;
        }
        running.destroy();
        if (!waitForExit(running, STOP_TIMEOUT)) {
            log.warn(
                    "Redis did not stop on SIGTERM, sending SIGKILL port={} pid={} timeoutMillis={}",
                    port,
                    running.pid(),
                    STOP_TIMEOUT.toMillis());
            running.destroyForcibly();
            waitForExit(running, STOP_TIMEOUT);
        }
        process = null;
        log.info("Redis stopped port={} pid={}", port, running.pid());
    }

    /**
     * Stops the server if it runs, then starts a new one on the same port and waits until it
     * replies to PING. The new server starts empty.
     *
     * @throws IllegalStateException if this instance is closed, or the new server failed to start
     *     (for example because another process took the port in between)
     */
    public synchronized void restart() {
        requireOpen();

        stop();
        launch();
    }

    /**
     * Suspends the server with SIGSTOP. Connections stay open and commands get no reply until
     * {@link #resume()}, which is how a test simulates a hung server. Does nothing if already
     * paused.
     *
     * @throws IllegalStateException if the server is stopped or closed, or {@code kill} failed
     */
    public synchronized void pause() {
        Process running = requireRunning();
        if (paused) {
            return;
        }

        sendSignal(running, "STOP");
        paused = true;
        log.info("Redis paused port={} pid={}", port, running.pid());
    }

    /**
     * Continues a server suspended by {@link #pause()} with SIGCONT. Does nothing if not paused.
     *
     * @throws IllegalStateException if the server is stopped or closed, or {@code kill} failed
     */
    public synchronized void resume() {
        Process running = requireRunning();
        if (!paused) {
            return;
        }

        sendSignal(running, "CONT");
        paused = false;
        log.info("Redis resumed port={} pid={}", port, running.pid());
    }

    /**
     * Deletes every key in every database with FLUSHALL.
     *
     * @throws IllegalStateException if the server is stopped or closed
     * @throws UncheckedIOException if the command failed or got no reply within 2 seconds, as
     *     happens while the server is paused
     */
    public synchronized void flushAll() {
        requireRunning();

        try {
            RespCommands.execute(port, COMMAND_TIMEOUT, "FLUSHALL");
        } catch (IOException e) {
            throw new UncheckedIOException("FLUSHALL failed on Redis port " + port, e);
        }
    }

    /**
     * Stops the server as {@link #stop()} does and deletes its temporary directory. Calls after the
     * first do nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }

        closed = true;
        stop();
        removeShutdownHook();
        try {
            Directories.deleteTree(dataDir);
        } catch (IOException e) {
            log.warn("failed to delete Redis directory dataDir={}", dataDir, e);
        }
    }

    private void launch() {
        long startNanos = System.nanoTime();
        Process started = startProcess();
        try {
            awaitPong(started);
        } catch (RuntimeException e) {
            started.destroyForcibly();
            waitForExit(started, STOP_TIMEOUT);
            throw e;
        }

        process = started;
        paused = false;
        log.info(
                "Redis started uri={} pid={} durationMillis={}",
                uri(),
                started.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private Process startProcess() {
        List<String> command = new ArrayList<>();
        command.addAll(
                List.of(
                        executable.toString(),
                        "--bind",
                        LoopbackPorts.HOST,
                        "--port",
                        Integer.toString(port),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--daemonize",
                        "no",
                        "--dir",
                        dataDir.toString()));
        command.addAll(extraArguments);
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to run " + executable, e);
        }
    }

    /** Sends PING every 20 ms until the reply is PONG, the process exits or 10 seconds pass. */
    private void awaitPong(Process started) {
        long deadlineNanos = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        IOException lastFailure = null;
        while (System.nanoTime() < deadlineNanos) {
            if (waitForExit(started, PING_INTERVAL)) {
                String logTail = readLogTail();
                String message =
                        "redis-server exited at startup with code "
                                + started.exitValue()
                                + " on port "
                                + port
                                + "; its log ends with:\n"
                                + logTail;
                if (logTail.contains("Address already in use")) {
                    throw new PortInUseException(message);
                }
                throw new IllegalStateException(message);
            }
            try {
                String reply = RespCommands.send(port, PING_TIMEOUT, "PING");
                // A server with --requirepass rejects PING before AUTH, and that reply proves it
                // is up just as well.
                if ("+PONG".equals(reply) || reply.startsWith("-NOAUTH")) {
                    return;
                }
            } catch (IOException e) {
                lastFailure = e;
            }
        }
        throw new IllegalStateException(
                "redis-server did not reply to PING within "
                        + STARTUP_TIMEOUT.toSeconds()
                        + " s on port "
                        + port
                        + "; its log ends with:\n"
                        + readLogTail(),
                lastFailure);
    }

    /** Sends a signal with {@code kill}, because {@link Process} has no API for SIGSTOP. */
    private void sendSignal(Process target, String signal) {
        ProcessBuilder builder =
                new ProcessBuilder("kill", "-" + signal, Long.toString(target.pid()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process kill = builder.start();
            if (!waitForExit(kill, SIGNAL_TIMEOUT)) {
                kill.destroyForcibly();
                throw new IllegalStateException(
                        "kill -" + signal + " " + target.pid() + " did not finish in time");
            }
            if (kill.exitValue() != 0) {
                throw new IllegalStateException(
                        "kill -"
                                + signal
                                + " "
                                + target.pid()
                                + " failed with exit code "
                                + kill.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to run kill -" + signal, e);
        }
    }

    private Process requireRunning() {
        requireOpen();
        if (process == null) {
            throw new IllegalStateException(
                    "Redis on port " + port + " is stopped; call restart() first");
        }
        return process;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Redis on port " + port + " is closed");
        }
    }

    /** Kills the server when the JVM exits without {@link #close()}, as after a failed test. */
    private void killOnJvmExit() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down, and the hook has run or is running.
            log.debug("JVM is shutting down, shutdown hook left in place port={}", port);
        }
    }

    private Path logFile() {
        return dataDir.resolve(LOG_FILE_NAME);
    }

    private String readLogTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join(
                    "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log " + logFile() + " not readable: " + e.getMessage() + ")";
        }
    }

    /** Returns whether the process exited within the timeout. */
    private static boolean waitForExit(Process target, Duration timeout) {
        try {
            return target.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while waiting for process " + target.pid() + " to exit", e);
        }
    }

    private static Optional<Path> findExecutable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }

        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(directory, EXECUTABLE_NAME);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                log.debug("skipping invalid PATH entry directory={}", directory);
            }
        }
        return Optional.empty();
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("local-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create a temporary Redis directory", e);
        }
    }

    /** Failure to bind the picked port, which {@link #start()} retries on another port. */
    private static final class PortInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message) {
            super(message);
        }
    }
}
