package dev.provisioning.worker.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode that runs inside the current JVM, for integration tests
 * and the local command line. The one node has both the broker and the controller role, and both of
 * its listeners bind to 127.0.0.1 only.
 *
 * <p>The internal topics for consumer offsets, transaction state and share-group state have
 * replication factor 1, so consumer groups and transactions work on the one node. Automatic topic
 * creation is off because the worker creates its own topics.
 *
 * <p>Several brokers can run in one JVM at the same time, each with its own ports and data
 * directory. A broker closed and started again on the same data directory keeps its topics, records
 * and committed offsets.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String SASL_SSL_LISTENER = "SASL_SSL";
    private static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    /** SCRAM iterations of users created here; 4096 is the minimum Kafka accepts for SHA-512. */
    private static final int SCRAM_ITERATIONS = 4096;

    private static final String META_PROPERTIES_FILE = "meta.properties";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ADMIN_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SCRAM_POLL_INTERVAL = Duration.ofMillis(50);

    /** Maximum start attempts, for when another process binds a port picked here first. */
    private static final int MAX_START_ATTEMPTS = 3;

    /** Broker properties that set the node's roles, listeners and storage directories. */
    private static final Set<String> RESERVED_PROPERTIES =
            Set.of(
                    "process.roles",
                    "node.id",
                    "listeners",
                    "advertised.listeners",
                    "listener.security.protocol.map",
                    "inter.broker.listener.name",
                    "controller.listener.names",
                    "controller.quorum.voters",
                    "controller.quorum.bootstrap.servers",
                    "log.dir",
                    "log.dirs",
                    "metadata.log.dir");

    private final KafkaRaftServer server;
    private final int port;
    private final int saslSslPort;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Settings of a {@link LocalKafkaBroker}.
     *
     * @param port the TCP port of the client listener on 127.0.0.1, or 0 to pick a free one
     * @param dataDir the directory for the metadata log and the topic logs, created if missing and
     *     formatted if it contains no Kafka storage yet. With {@code null}, each start creates a
     *     temporary directory that {@link LocalKafkaBroker#close()} deletes.
     * @param partitions the partition count of a topic created without one, at least 1
     * @param overrides broker properties applied over the defaults, by Kafka's own names such as
     *     {@code log.retention.ms}. Properties that set roles, listeners or storage directories are
     *     rejected.
     * @param saslSsl an extra SASL_SSL listener for clients, or null for none
     */
    public record Settings(
            int port,
            Path dataDir,
            int partitions,
            Map<String, String> overrides,
            SaslSslListener saslSsl) {

        public Settings(int port, Path dataDir, int partitions, Map<String, String> overrides) {
            this(port, dataDir, partitions, overrides, null);
        }

        public Settings {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(
                        "invalid port " + port + ": expected 0 (pick a free port) to 65535");
            }
            if (partitions < 1) {
                throw new IllegalArgumentException(
                        "invalid partitions " + partitions + ": expected at least 1");
            }
            overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
            for (String key : overrides.keySet()) {
                if (RESERVED_PROPERTIES.contains(key)) {
                    throw new IllegalArgumentException(
                            "broker property "
                                    + key
                                    + " cannot be overridden, because LocalKafkaBroker sets it to"
                                    + " keep the node on 127.0.0.1 and in its data directory;"
                                    + " remove it from overrides");
                }
            }
        }

        /** Returns settings for a free port, a temporary data directory and 1 partition. */
        public static Settings defaults() {
            return new Settings(0, null, 1, Map.of());
        }

        public Settings withPort(int port) {
            return new Settings(port, dataDir, partitions, overrides);
        }

        public Settings withDataDir(Path dataDir) {
            return new Settings(port, dataDir, partitions, overrides);
        }

        public Settings withPartitions(int partitions) {
            return new Settings(port, dataDir, partitions, overrides);
        }

        public Settings withOverrides(Map<String, String> overrides) {
            return new Settings(port, dataDir, partitions, overrides, saslSsl);
        }

        public Settings withSaslSsl(SaslSslListener saslSsl) {
            return new Settings(port, dataDir, partitions, overrides, saslSsl);
        }
    }

    /**
     * A client listener on a free port of 127.0.0.1 that takes TLS connections and SCRAM-SHA-512
     * logins. Users are added with {@link LocalKafkaBroker#createScramUser}. Brokers and the
     * controller keep talking over PLAINTEXT.
     *
     * @param keyStore the broker's key store with its private key and certificate
     * @param keyStorePassword the password of the store and of the key in it
     * @param keyStoreType the store format, such as {@code PKCS12}
     */
    public record SaslSslListener(Path keyStore, String keyStorePassword, String keyStoreType) {
        public SaslSslListener {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(keyStorePassword, "keyStorePassword");
            Objects.requireNonNull(keyStoreType, "keyStoreType");
        }

        /** Leaves the password out. */
        @Override
        public String toString() {
            return "SaslSslListener[keyStore=" + keyStore + ", keyStoreType=" + keyStoreType + "]";
        }
    }

    private LocalKafkaBroker(
            KafkaRaftServer server, int port, int saslSslPort, Path dataDir, boolean ownsDataDir) {
        this.server = server;
        this.port = port;
        this.saslSslPort = saslSslPort;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /**
     * Formats the data directory if it is new, starts the broker and waits until it responds to a
     * metadata request.
     *
     * @throws IllegalStateException if the broker failed to start or did not respond within 30
     *     seconds. The message names the port and the data directory.
     * @throws UncheckedIOException if the data directory cannot be created
     */
    public static LocalKafkaBroker start(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        boolean ownsDataDir = settings.dataDir() == null;
        Path dataDir = ownsDataDir ? createTempDataDir() : createDataDir(settings.dataDir());

        try {
            return startWithRetries(settings, dataDir, ownsDataDir);
        } catch (RuntimeException e) {
            if (ownsDataDir) {
                deleteDataDir(dataDir);
            }
            throw e;
        }
    }

    /** Returns the client bootstrap address, such as {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + port;
    }

    /**
     * Returns the address of the SASL_SSL listener, such as {@code 127.0.0.1:9093}.
     *
     * @throws IllegalStateException if the broker was started without one
     */
    public String saslSslBootstrapServers() {
        if (saslSslPort == 0) {
            throw new IllegalStateException(
                    "this broker has no SASL_SSL listener; start it with Settings.withSaslSsl");
        }
        return LoopbackPorts.HOST + ":" + saslSslPort;
    }

    /**
     * Creates or replaces a SCRAM-SHA-512 user through the PLAINTEXT listener and waits until the
     * broker has applied it, so the user can log in on the SASL_SSL listener afterwards.
     *
     * @throws IllegalStateException if the broker rejected the change or did not apply it in 30
     *     seconds
     */
    public void createScramUser(String user, String password) {
        UserScramCredentialUpsertion upsertion =
                new UserScramCredentialUpsertion(
                        user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                        password);
        long timeoutMillis = STARTUP_TIMEOUT.toMillis();
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers(),
                                AdminClientConfig.CLIENT_ID_CONFIG,
                                "local-kafka-broker-scram-users"))) {
            admin.alterUserScramCredentials(List.of(upsertion))
                    .all()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            awaitScramUser(admin, user, timeoutMillis);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "failed to create SCRAM user " + user + " on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
        }
        log.info("Kafka SCRAM user created user={} mechanism={}", user, SCRAM_MECHANISM);
    }

    /** Polls the broker's credentials until it lists the user, because the change applies later. */
    private static void awaitScramUser(Admin admin, String user, long timeoutMillis)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadlineNanos) {
            try {
                admin.describeUserScramCredentials(List.of(user))
                        .description(user)
                        .get(timeoutMillis, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ResourceNotFoundException)) {
                    throw e;
                }
            }
            Thread.sleep(SCRAM_POLL_INTERVAL.toMillis());
        }
        throw new TimeoutException(
                "SCRAM user " + user + " not listed after " + timeoutMillis + " ms");
    }

    /** Returns the TCP port of the client listener. */
    public int port() {
        return port;
    }

    /** Returns the data directory, which a later broker can start on to simulate a restart. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Shuts the broker down, waits until its threads have stopped and deletes the data directory if
     * {@link #start} created it. Calls after the first return at once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }

        long startNanos = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (ownsDataDir) {
                deleteDataDir(dataDir);
            }
        }
        log.info(
                "Kafka broker stopped bootstrapServers={} durationMillis={}",
                bootstrapServers(),
                elapsedMillis(startNanos));
    }

    private static LocalKafkaBroker startWithRetries(
            Settings settings, Path dataDir, boolean ownsDataDir) {
        for (int attempt = 1; ; attempt++) {
            int port = settings.port() == 0 ? LoopbackPorts.findFreePort() : settings.port();
            int controllerPort = LoopbackPorts.findFreePort();
            int saslSslPort = settings.saslSsl() == null ? 0 : LoopbackPorts.findFreePort();
            try {
                return startOnce(
                        settings,
                        dataDir,
                        ownsDataDir,
                        new Ports(port, controllerPort, saslSslPort));
            } catch (RuntimeException e) {
                if (!isBindFailure(e)) {
                    throw e;
                }
                if (settings.port() != 0 && !LoopbackPorts.isFree(settings.port())) {
                    throw new IllegalStateException(
                            "Kafka broker failed to start because port "
                                    + settings.port()
                                    + " on 127.0.0.1 is in use; stop the process that has it or"
                                    + " pass port 0 to pick a free one",
                            e);
                }
                if (attempt >= MAX_START_ATTEMPTS) {
                    throw new IllegalStateException(
                            "Kafka broker failed to start after "
                                    + attempt
                                    + " attempts because other processes took the ports it"
                                    + " picked on 127.0.0.1, last port="
                                    + port
                                    + " controllerPort="
                                    + controllerPort,
                            e);
                }
                log.warn(
                        "Kafka broker port in use, retrying port={} controllerPort={} attempt={}",
                        port,
                        controllerPort,
                        attempt);
            }
        }
    }

    /** The ports of one start attempt; {@code saslSsl} is 0 without that listener. */
    private record Ports(int client, int controller, int saslSsl) {}

    private static LocalKafkaBroker startOnce(
            Settings settings, Path dataDir, boolean ownsDataDir, Ports ports) {
        long startNanos = System.nanoTime();
        KafkaConfig config =
                KafkaConfig.fromProps(brokerProperties(settings, dataDir, ports), false);
        formatIfNew(dataDir);

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        LocalKafkaBroker broker =
                new LocalKafkaBroker(server, ports.client(), ports.saslSsl(), dataDir, ownsDataDir);
        try {
            server.startup();
            awaitMetadataResponse(broker.bootstrapServers(), dataDir);
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }

        log.info(
                "Kafka broker started bootstrapServers={} dataDir={} durationMillis={}",
                broker.bootstrapServers(),
                dataDir,
                elapsedMillis(startNanos));
        return broker;
    }

    private static Properties brokerProperties(Settings settings, Path dataDir, Ports ports) {
        String host = LoopbackPorts.HOST;
        int port = ports.client();
        int controllerPort = ports.controller();
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", Integer.toString(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        properties.put(
                "listeners",
                BROKER_LISTENER
                        + "://"
                        + host
                        + ":"
                        + port
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + host
                        + ":"
                        + controllerPort);
        properties.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + port);
        properties.put(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        properties.put("inter.broker.listener.name", BROKER_LISTENER);
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        properties.put("log.dirs", logDirectory(dataDir));

        properties.put("num.partitions", Integer.toString(settings.partitions()));
        properties.put("auto.create.topics.enable", "false");
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        // The broker creates the transaction state topic when the first transactional producer
        // starts, and one partition instead of the default 50 keeps that step short.
        properties.put("transaction.state.log.num.partitions", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");

        if (settings.saslSsl() != null) {
            addSaslSslListener(properties, settings.saslSsl(), ports.saslSsl());
        }
        properties.putAll(settings.overrides());
        return properties;
    }

    /** Adds the SASL_SSL listener to the listener properties that were set before. */
    private static void addSaslSslListener(
            Properties properties, SaslSslListener listener, int saslSslPort) {
        String address = SASL_SSL_LISTENER + "://" + LoopbackPorts.HOST + ":" + saslSslPort;
        properties.put("listeners", properties.getProperty("listeners") + "," + address);
        properties.put(
                "advertised.listeners",
                properties.getProperty("advertised.listeners") + "," + address);
        properties.put(
                "listener.security.protocol.map",
                properties.getProperty("listener.security.protocol.map")
                        + ","
                        + SASL_SSL_LISTENER
                        + ":SASL_SSL");
        properties.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
        String prefix = "listener.name." + SASL_SSL_LISTENER.toLowerCase(Locale.ROOT) + ".";
        properties.put(
                prefix + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        properties.put(prefix + "ssl.keystore.location", listener.keyStore().toString());
        properties.put(prefix + "ssl.keystore.password", listener.keyStorePassword());
        properties.put(prefix + "ssl.key.password", listener.keyStorePassword());
        properties.put(prefix + "ssl.keystore.type", listener.keyStoreType());
    }

    /**
     * Formats the storage for a new cluster unless an earlier broker already did, so a restart on
     * the same directory keeps the cluster id, topics and offsets.
     */
    private static void formatIfNew(Path dataDir) {
        if (Files.exists(dataDir.resolve(META_PROPERTIES_FILE))) {
            log.debug("Kafka storage already formatted dataDir={}", dataDir);
            return;
        }

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Formatter formatter =
                new Formatter()
                        .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                        .setNodeId(NODE_ID)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setControllerListenerName(CONTROLLER_LISTENER)
                        .setMetadataLogDirectory(logDirectory(dataDir))
                        .setDirectories(Set.of(logDirectory(dataDir)))
                        .setWriteBootstrapSnapshot(true)
                        // The static voter in controller.quorum.voters is the whole quorum.
                        .setHasDynamicQuorum(false);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "failed to format Kafka storage dataDir=" + dataDir + ": " + e.getMessage(), e);
        }
        log.debug(
                "Kafka storage formatted dataDir={} output={}",
                dataDir,
                output.toString(StandardCharsets.UTF_8).strip());
    }

    /** Returns the one directory for both the metadata log and the topic logs. */
    private static String logDirectory(Path dataDir) {
        return dataDir.toAbsolutePath().toString();
    }

    private static void awaitMetadataResponse(String bootstrapServers, Path dataDir) {
        int timeoutMillis = (int) STARTUP_TIMEOUT.toMillis();
        Map<String, Object> adminConfig =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        AdminClientConfig.CLIENT_ID_CONFIG,
                        "local-kafka-broker-startup-check");
        Admin admin = Admin.create(adminConfig);
        try {
            Collection<Node> nodes =
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
                            .nodes()
                            .get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException(
                        "Kafka broker at " + bootstrapServers + " returned no nodes at startup");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka broker at "
                            + bootstrapServers
                            + " failed to respond to a metadata request (timeout "
                            + STARTUP_TIMEOUT.toSeconds()
                            + " s), dataDir="
                            + dataDir
                            + "; look for broker errors in the log above",
                    e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while waiting for the Kafka broker at " + bootstrapServers, e);
        } finally {
            admin.close(ADMIN_CLOSE_TIMEOUT);
        }
    }

    private static boolean isBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static Path createTempDataDir() {
        try {
            return Files.createTempDirectory("local-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create a temporary Kafka data directory", e);
        }
    }

    private static Path createDataDir(Path dataDir) {
        try {
            return Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "failed to create the Kafka data directory " + dataDir, e);
        }
    }

    private static void deleteDataDir(Path dataDir) {
        try {
            Directories.deleteTree(dataDir);
        } catch (IOException e) {
            log.warn("failed to delete Kafka data directory dataDir={}", dataDir, e);
        }
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
