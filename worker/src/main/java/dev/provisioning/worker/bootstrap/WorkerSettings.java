package dev.provisioning.worker.bootstrap;

import dev.provisioning.worker.account.Limits;
import dev.provisioning.worker.account.RedisSettings;
import dev.provisioning.worker.provisioning.IntakeSettings;
import dev.provisioning.worker.provisioning.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting of the worker, read once at start from the environment and an optional properties
 * file, validated as a whole, and handed to components as narrow typed records.
 *
 * <p>The file named by {@code PROVISIONING_CONFIG_FILE} uses the same names as the environment;
 * environment variables win. Kafka client properties pass through as {@code KAFKA_CLIENT_*}
 * variables: the rest of the name, lower-cased with underscores turned into dots, is the Kafka
 * property ({@code KAFKA_CLIENT_SECURITY_PROTOCOL} sets {@code security.protocol}).
 */
public record WorkerSettings(
        String bootstrapServers,
        Map<String, String> kafkaClientProperties,
        String groupId,
        Topics topics,
        boolean createTopics,
        int topicPartitions,
        short topicReplication,
        URI redisUri,
        boolean redisCluster,
        Path redisTlsCaFile,
        String keyPrefix,
        Duration redisCommandTimeout,
        Limits limits,
        IntakeSettings intake,
        boolean exactlyOnce,
        int billingRouteCacheMaxEntries,
        boolean rebuildOnEmpty,
        int httpPort) {

    public static final Setting BOOTSTRAP =
            new Setting("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "Kafka bootstrap servers");
    public static final Setting REDIS_URL =
            new Setting(
                    "REDIS_URL",
                    "redis://127.0.0.1:6379",
                    "Redis URI; rediss:// for TLS, redis://:password@host:port for AUTH;"
                            + " with PROVISIONING_REDIS_CLUSTER, one or more seed nodes as"
                            + " redis://host:port,host:port");
    public static final Setting REDIS_CLUSTER =
            new Setting(
                    "PROVISIONING_REDIS_CLUSTER",
                    "false",
                    "whether REDIS_URL names seed nodes of a Redis Cluster (true or false)");
    public static final Setting REDIS_TLS_CA_FILE =
            new Setting(
                    "PROVISIONING_REDIS_TLS_CA_FILE",
                    null,
                    "PEM file of the certificate authorities that a rediss:// REDIS_URL trusts;"
                            + " unset trusts the JVM's default ones");
    public static final Setting HTTP_PORT =
            new Setting(
                    "HTTP_PORT",
                    "8080",
                    "port of /health/live, /health/ready and /metrics; 0 picks a free one");
    public static final Setting GROUP_ID =
            new Setting(
                    "PROVISIONING_GROUP_ID",
                    "provisioning-worker",
                    "Kafka consumer group of all workers");
    public static final Setting REQUESTS_TOPIC =
            new Setting("PROVISIONING_REQUESTS_TOPIC", Topics.DEFAULTS.requests(), "request topic");
    public static final Setting RESULTS_TOPIC =
            new Setting("PROVISIONING_RESULTS_TOPIC", Topics.DEFAULTS.results(), "result topic");
    public static final Setting DLQ_TOPIC =
            new Setting(
                    "PROVISIONING_DLQ_TOPIC", Topics.DEFAULTS.deadLetters(), "dead-letter topic");
    public static final Setting CHANGELOG_TOPIC =
            new Setting(
                    "PROVISIONING_CHANGELOG_TOPIC",
                    Topics.DEFAULTS.changelog(),
                    "compacted entity changelog topic");
    public static final Setting CREATE_TOPICS =
            new Setting(
                    "PROVISIONING_CREATE_TOPICS",
                    "true",
                    "create missing topics at start (true or false)");
    public static final Setting TOPIC_PARTITIONS =
            new Setting(
                    "PROVISIONING_TOPIC_PARTITIONS",
                    "6",
                    "partitions of topics the worker creates");
    public static final Setting TOPIC_REPLICATION =
            new Setting(
                    "PROVISIONING_TOPIC_REPLICATION",
                    "1",
                    "replication factor of topics the worker creates; use 3 in production");
    public static final Setting KEY_PREFIX =
            new Setting("PROVISIONING_REDIS_KEY_PREFIX", "pw", "prefix of every Redis key");
    public static final Setting REDIS_TIMEOUT =
            new Setting(
                    "PROVISIONING_REDIS_COMMAND_TIMEOUT",
                    "2s",
                    "timeout of one Redis call (500ms, 2s)");
    public static final Setting MAX_BILLING_ACCOUNTS =
            new Setting(
                    "PROVISIONING_MAX_BILLING_ACCOUNTS",
                    Integer.toString(Limits.DEFAULTS.maxBillingAccounts()),
                    "live billing accounts per account");
    public static final Setting MAX_PROJECTS =
            new Setting(
                    "PROVISIONING_MAX_PROJECTS",
                    Integer.toString(Limits.DEFAULTS.maxProjects()),
                    "live projects per account");
    public static final Setting MAX_SUBPROJECTS =
            new Setting(
                    "PROVISIONING_MAX_SUBPROJECTS_PER_PROJECT",
                    Integer.toString(Limits.DEFAULTS.maxSubprojectsPerProject()),
                    "live subprojects per project");
    public static final Setting REQUEST_RETENTION =
            new Setting(
                    "PROVISIONING_REQUEST_RETENTION",
                    "7d",
                    "how long a requestId or usageId is remembered for deduplication");
    public static final Setting MAX_IN_FLIGHT =
            new Setting(
                    "PROVISIONING_MAX_IN_FLIGHT",
                    Integer.toString(IntakeSettings.DEFAULTS.maxInFlight()),
                    "records in flight before partitions pause");
    public static final Setting SHUTDOWN_TIMEOUT =
            new Setting(
                    "PROVISIONING_SHUTDOWN_TIMEOUT",
                    "20s",
                    "how long a stop waits for in-flight records");
    public static final Setting PROCESSING_GUARANTEE =
            new Setting(
                    "PROVISIONING_PROCESSING_GUARANTEE",
                    "at-least-once",
                    "at-least-once, or exactly-once for answers and offsets in Kafka transactions");
    public static final Setting BILLING_ROUTE_CACHE_MAX_ENTRIES =
            new Setting(
                    "PROVISIONING_BILLING_ROUTE_CACHE_MAX_ENTRIES",
                    "100000",
                    "billing routes of projects and subprojects kept in memory; 0 keeps none");
    public static final Setting REBUILD_ON_EMPTY =
            new Setting(
                    "PROVISIONING_REBUILD_ON_EMPTY",
                    "true",
                    "rebuild Redis from the changelog and result topics at start when it holds no"
                            + " account key (true or false)");
    public static final Setting CONFIG_FILE =
            new Setting(
                    "PROVISIONING_CONFIG_FILE",
                    null,
                    "optional properties file with any of these names; the environment wins");

    /** Every setting, in the order the README lists them. */
    public static final List<Setting> ALL =
            List.of(
                    BOOTSTRAP,
                    REDIS_URL,
                    REDIS_CLUSTER,
                    REDIS_TLS_CA_FILE,
                    HTTP_PORT,
                    GROUP_ID,
                    REQUESTS_TOPIC,
                    RESULTS_TOPIC,
                    DLQ_TOPIC,
                    CHANGELOG_TOPIC,
                    CREATE_TOPICS,
                    TOPIC_PARTITIONS,
                    TOPIC_REPLICATION,
                    KEY_PREFIX,
                    REDIS_TIMEOUT,
                    MAX_BILLING_ACCOUNTS,
                    MAX_PROJECTS,
                    MAX_SUBPROJECTS,
                    REQUEST_RETENTION,
                    MAX_IN_FLIGHT,
                    SHUTDOWN_TIMEOUT,
                    PROCESSING_GUARANTEE,
                    BILLING_ROUTE_CACHE_MAX_ENTRIES,
                    REBUILD_ON_EMPTY,
                    CONFIG_FILE);

    static final String KAFKA_CLIENT_PREFIX = "KAFKA_CLIENT_";

    /**
     * Reads and validates all settings.
     *
     * @throws InvalidSettingsException listing every invalid value at once
     */
    public static WorkerSettings load(Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = merged(environment, problems);
        Reader reader = new Reader(values, problems);

        Map<String, String> clientProperties = new LinkedHashMap<>();
        values.forEach(
                (name, value) -> {
                    if (name.startsWith(KAFKA_CLIENT_PREFIX)
                            && name.length() > KAFKA_CLIENT_PREFIX.length()) {
                        String property =
                                name.substring(KAFKA_CLIENT_PREFIX.length())
                                        .toLowerCase(Locale.ROOT)
                                        .replace('_', '.');
                        clientProperties.put(property, value);
                    }
                });

        boolean redisCluster = reader.bool(REDIS_CLUSTER);
        WorkerSettings settings =
                new WorkerSettings(
                        reader.text(BOOTSTRAP),
                        Map.copyOf(clientProperties),
                        reader.text(GROUP_ID),
                        new Topics(
                                reader.text(REQUESTS_TOPIC),
                                reader.text(RESULTS_TOPIC),
                                reader.text(DLQ_TOPIC),
                                reader.text(CHANGELOG_TOPIC)),
                        reader.bool(CREATE_TOPICS),
                        reader.integer(TOPIC_PARTITIONS, 1, 10_000),
                        (short) reader.integer(TOPIC_REPLICATION, 1, 32),
                        reader.redisUri(REDIS_URL, redisCluster),
                        redisCluster,
                        reader.readableFile(REDIS_TLS_CA_FILE),
                        reader.text(KEY_PREFIX),
                        reader.duration(REDIS_TIMEOUT),
                        new Limits(
                                reader.integer(MAX_BILLING_ACCOUNTS, 1, 10_000),
                                reader.integer(MAX_PROJECTS, 1, 100_000),
                                reader.integer(MAX_SUBPROJECTS, 1, 10_000_000),
                                reader.duration(REQUEST_RETENTION)),
                        new IntakeSettings(
                                reader.integer(MAX_IN_FLIGHT, 1, 1_000_000),
                                IntakeSettings.DEFAULTS.pollTimeout(),
                                IntakeSettings.DEFAULTS.commitInterval(),
                                IntakeSettings.DEFAULTS.revokeTimeout(),
                                reader.duration(SHUTDOWN_TIMEOUT)),
                        reader.choice(PROCESSING_GUARANTEE, "at-least-once", "exactly-once")
                                .equals("exactly-once"),
                        reader.integer(BILLING_ROUTE_CACHE_MAX_ENTRIES, 0, 100_000_000),
                        reader.bool(REBUILD_ON_EMPTY),
                        reader.integer(HTTP_PORT, 0, 65_535));
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return settings;
    }

    /** Returns the Redis slice of the settings. */
    public RedisSettings redis() {
        return new RedisSettings(
                redisUri.toString(), redisCluster, redisCommandTimeout, redisTlsCaFile);
    }

    /** Returns the settings as text for the start-up log, with secrets masked. */
    public String describe() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("bootstrapServers", bootstrapServers);
        shown.put("groupId", groupId);
        shown.put("topics", topics.toString());
        shown.put("redis", redisUri.getScheme() + "://" + String.join(",", redis().hosts()));
        shown.put("redisCluster", Boolean.toString(redisCluster));
        shown.put("redisTlsCaFile", String.valueOf(redisTlsCaFile));
        shown.put("keyPrefix", keyPrefix);
        shown.put("limits", limits.toString());
        shown.put("intake", intake.toString());
        shown.put("exactlyOnce", Boolean.toString(exactlyOnce));
        shown.put("billingRouteCacheMaxEntries", Integer.toString(billingRouteCacheMaxEntries));
        shown.put("rebuildOnEmpty", Boolean.toString(rebuildOnEmpty));
        shown.put("httpPort", Integer.toString(httpPort));
        shown.put("kafkaClientProperties", clientPropertyNames());
        return shown.toString();
    }

    private String clientPropertyNames() {
        List<String> names = new ArrayList<>();
        kafkaClientProperties.forEach(
                (name, value) -> names.add(isSecret(name) ? name + "=***" : name + "=" + value));
        return names.toString();
    }

    static boolean isSecret(String property) {
        String lower = property.toLowerCase(Locale.ROOT);
        return lower.contains("password")
                || lower.contains("jaas")
                || lower.contains("secret")
                || lower.contains("token")
                || lower.contains("key");
    }

    private static Map<String, String> merged(
            Map<String, String> environment, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        String file = environment.get(CONFIG_FILE.env());
        if (file != null && !file.isBlank()) {
            Properties properties = new Properties();
            try (java.io.Reader in = Files.newBufferedReader(Path.of(file))) {
                properties.load(in);
                properties.forEach((name, value) -> values.put(name.toString(), value.toString()));
            } catch (IOException | RuntimeException e) {
                problems.add(
                        "invalid "
                                + CONFIG_FILE.env()
                                + "=\""
                                + file
                                + "\": the file could not be read ("
                                + e.getClass().getSimpleName()
                                + ")");
            }
        }
        values.putAll(environment);
        return values;
    }

    /** Reads typed values and records a problem for each invalid one. */
    private record Reader(Map<String, String> values, List<String> problems) {

        String text(Setting setting) {
            String value = values.getOrDefault(setting.env(), setting.defaultValue());
            if (value == null || value.isBlank()) {
                problems.add("missing " + setting.env() + ": expected " + setting.description());
                return setting.defaultValue() == null ? "" : setting.defaultValue();
            }
            return value.trim();
        }

        boolean bool(Setting setting) {
            String value = text(setting);
            if (!value.equals("true") && !value.equals("false")) {
                problems.add(invalid(setting, value, "true or false"));
                return Boolean.parseBoolean(setting.defaultValue());
            }
            return Boolean.parseBoolean(value);
        }

        /** Reads an optional file path, which must name a readable regular file when set. */
        Path readableFile(Setting setting) {
            String value = values.get(setting.env());
            if (value == null || value.isBlank()) {
                return null;
            }

            try {
                Path file = Path.of(value.trim());
                if (Files.isRegularFile(file) && Files.isReadable(file)) {
                    return file;
                }
            } catch (InvalidPathException e) {
                // reported below as not a readable file
            }
            problems.add(invalid(setting, value, "a readable file"));
            return null;
        }

        String choice(Setting setting, String... allowed) {
            String value = text(setting);
            for (String option : allowed) {
                if (option.equals(value)) {
                    return value;
                }
            }
            problems.add(invalid(setting, value, "one of " + String.join(", ", allowed)));
            return setting.defaultValue();
        }

        int integer(Setting setting, int min, int max) {
            String value = text(setting);
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below with the expected range
            }
            problems.add(invalid(setting, value, "a whole number from " + min + " to " + max));
            return Integer.parseInt(setting.defaultValue());
        }

        Duration duration(Setting setting) {
            String value = text(setting);
            Duration parsed = parseDuration(value);
            if (parsed == null || parsed.isNegative() || parsed.isZero()) {
                problems.add(
                        invalid(setting, value, "a duration such as 500ms, 2s, 5m, 12h or 7d"));
                return parseDuration(setting.defaultValue());
            }
            return parsed;
        }

        /**
         * Reads a Redis URI. Several comma-separated hosts are valid only when {@code cluster} is
         * true, because they are seed nodes of a cluster.
         */
        URI redisUri(Setting setting, boolean cluster) {
            String value = text(setting);
            String problem;
            try {
                URI uri = new URI(value);
                List<String> hosts = RedisSettings.hostsOf(value);
                if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
                    problem = "expected the scheme redis:// or rediss://";
                } else if (hosts.size() > 1 && !cluster) {
                    problem = "several hosts are valid only with " + REDIS_CLUSTER.env() + "=true";
                } else {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // The exception's own message repeats the whole value, which may hold a password.
                problem = "not a URI at index " + e.getIndex();
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            problems.add(
                    "invalid "
                            + setting.env()
                            + " (value not shown because it may contain a password): "
                            + problem
                            + "; expected redis://host:port or rediss://host:port");
            return URI.create(setting.defaultValue());
        }

        private static String invalid(Setting setting, String value, String expected) {
            return "invalid " + setting.env() + "=\"" + value + "\": expected " + expected;
        }
    }

    static Duration parseDuration(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> Duration.parse(text.trim());
            };
        } catch (NumberFormatException
                | DateTimeParseException
                | StringIndexOutOfBoundsException e) {
            return null;
        }
    }
}
