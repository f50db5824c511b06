package dev.provisioning.worker.provisioning;

import dev.provisioning.worker.account.AccountStore;
import dev.provisioning.worker.account.ApplyScript;
import dev.provisioning.worker.account.Limits;
import dev.provisioning.worker.account.RedisAccountStore;
import dev.provisioning.worker.account.RedisConnector;
import dev.provisioning.worker.account.RedisRouteSource;
import dev.provisioning.worker.account.RedisSettings;
import dev.provisioning.worker.account.StateRebuilder;
import dev.provisioning.worker.billing.BillingResolver;
import dev.provisioning.worker.billing.BillingRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker verticle: connects Redis and Kafka, then runs the poll loop on its own thread and the
 * request pipeline on this verticle's event loop.
 *
 * <p>Two delivery modes: at-least-once (the default) commits consumer offsets once answers are
 * acknowledged; exactly-once answers each polled batch inside a Kafka transaction together with its
 * offsets. Start creates missing topics (when allowed), loads the apply script, and starts
 * consuming. Stop stops intake, lets in-flight requests finish within the shutdown timeout, commits
 * what is done, and closes the producer and the Redis connection.
 */
public final class ProvisioningWorker extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningWorker.class);

    /** Largest dead-letter record: a maximum-size input plus its headers. */
    static final int MAX_RECORD_BYTES = 2 * 1024 * 1024;

    /** Longest state rebuild another starting worker waits for; an estimate with headroom. */
    private static final Duration REBUILD_LOCK_TIMEOUT = Duration.ofMinutes(10);

    private final Settings settings;
    private final PipelineListener pipelineListener;
    private final PollLoopListener pollListener;
    private final MeterRegistry meterRegistry;
    private KafkaClientMetrics consumerMetrics;
    private KafkaClientMetrics producerMetrics;
    private RedisConnector redis;
    private RecordPublisher publisher;
    private RequestPipeline pipeline;
    private Intake pollLoop;
    private volatile BillingResolver billingResolver;

    /**
     * Everything the worker needs, as read from configuration.
     *
     * @param kafka Kafka client properties (bootstrap servers, security) shared by all clients
     * @param groupId consumer group of all workers
     * @param topics topic names
     * @param createTopics whether missing topics are created at start
     * @param partitions partitions of created topics
     * @param replication replication factor of created topics
     * @param redis Redis server or cluster seed nodes, and the command timeout
     * @param keyPrefix Redis key prefix
     * @param limits hierarchy limits and idempotency retention
     * @param intake intake and back-pressure settings
     * @param exactlyOnce whether answers and offsets are committed in Kafka transactions
     * @param billingRouteCacheMaxEntries billing routes kept in the near cache; 0 keeps none
     * @param rebuildOnEmpty whether a start with no account key in Redis and a non-empty changelog
     *     rebuilds the state from Kafka before consuming
     */
    public record Settings(
            Map<String, String> kafka,
            String groupId,
            Topics topics,
            boolean createTopics,
            int partitions,
            short replication,
            RedisSettings redis,
            String keyPrefix,
            Limits limits,
            IntakeSettings intake,
            boolean exactlyOnce,
            int billingRouteCacheMaxEntries,
            boolean rebuildOnEmpty) {}

    /**
     * @param meterRegistry where the near cache of billing routes registers its counters
     */
    public ProvisioningWorker(
            Settings settings,
            PipelineListener pipelineListener,
            PollLoopListener pollListener,
            MeterRegistry meterRegistry) {
        this.settings = settings;
        this.pipelineListener = pipelineListener;
        this.pollListener = pollListener;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(
                        () -> {
                            createTopicsIfAllowed();
                            connectRedis();
                            rebuildIfEmpty();
                            return loadScript();
                        })
                .map(
                        script -> {
                            startPipeline(script);
                            return null;
                        });
    }

    private void createTopicsIfAllowed()
            throws InterruptedException, ExecutionException, TimeoutException {
        if (!settings.createTopics()) {
            return;
        }
        Map<String, Object> config = new HashMap<>(settings.kafka());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            Topics topics = settings.topics();
            List<NewTopic> wanted =
                    List.of(
                            topic(topics.requests(), Map.of()),
                            topic(topics.results(), Map.of()),
                            topic(
                                    topics.deadLetters(),
                                    Map.of(
                                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                            Integer.toString(MAX_RECORD_BYTES))),
                            topic(
                                    topics.changelog(),
                                    Map.of(
                                            TopicConfig.CLEANUP_POLICY_CONFIG,
                                            TopicConfig.CLEANUP_POLICY_COMPACT)));
            for (var entry : admin.createTopics(wanted).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    log.info("topic created topic={}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, wanted.stream().map(NewTopic::name).toList());
        }
    }

    /**
     * Waits until every partition of the topics has a leader. Producing to a partition created a
     * moment ago can meet NOT_LEADER_OR_FOLLOWER, after which an idempotent producer was seen
     * retrying one batch with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout.
     */
    private static void awaitLeaders(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean allLed;
            try {
                allLed =
                        admin
                                .describeTopics(topics)
                                .allTopicNames()
                                .get(15, TimeUnit.SECONDS)
                                .values()
                                .stream()
                                .flatMap(description -> description.partitions().stream())
                                .allMatch(partition -> partition.leader() != null);
            } catch (ExecutionException e) {
                // A topic created a moment ago can be unknown to the broker's metadata for a
                // little while; anything else is a real failure.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                allLed = false;
            }
            if (allLed) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "partitions of " + topics + " have no leader after 30 s");
            }
            Thread.sleep(100);
        }
    }

    private NewTopic topic(String name, Map<String, String> config) {
        return new NewTopic(name, settings.partitions(), settings.replication()).configs(config);
    }

    private void connectRedis() {
        redis = RedisConnector.connect(settings.redis(), settings.intake().maxInFlight() * 2);
    }

    /**
     * Rebuilds Redis from the changelog and result topics when it has lost every account key, so
     * that consuming resumes from the committed offsets on top of the state those offsets imply.
     */
    private void rebuildIfEmpty() throws InterruptedException {
        if (!settings.rebuildOnEmpty()) {
            return;
        }
        Topics topics = settings.topics();
        StateRebuilder rebuilder =
                new StateRebuilder(
                        settings.kafka(),
                        topics.changelog(),
                        topics.results(),
                        settings.keyPrefix(),
                        settings.limits().requestRetention(),
                        Clock.systemUTC());
        if (rebuilder.rebuildIfEmpty(redis.sync(), REBUILD_LOCK_TIMEOUT)) {
            log.info("state rebuilt from topic={} before consuming", topics.changelog());
        }
    }

    /**
     * Loads the apply script so that the first requests need no second round trip. Lettuce's
     * cluster client (7.7) sends SCRIPT LOAD to every node; a node that loses the script later gets
     * it again through the store's NOSCRIPT path.
     */
    private ApplyScript loadScript() {
        ApplyScript script = ApplyScript.load();
        String sha = redis.sync().scriptLoad(script.source());
        if (!sha.equals(script.sha1())) {
            throw new IllegalStateException(
                    "Redis named the apply script " + sha + ", expected " + script.sha1());
        }
        return script;
    }

    private void startPipeline(ApplyScript script) {
        AccountStore store =
                new RedisAccountStore(
                        redis.async(), context, script, settings.keyPrefix(), settings.limits());
        BillingRoutes billingRoutes =
                new BillingRoutes(settings.billingRouteCacheMaxEntries(), meterRegistry);
        billingResolver =
                new BillingResolver(
                        billingRoutes,
                        new RedisRouteSource(redis.async(), settings.keyPrefix()),
                        context);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig());
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(meterRegistry);
        publisher = new RecordPublisher(producer, settings.exactlyOnce());
        PollLoopHolder holder = new PollLoopHolder();
        pipeline =
                new RequestPipeline(
                        vertx,
                        context,
                        store,
                        billingRoutes,
                        new AnswerRecords(settings.topics()),
                        publisher,
                        (partition, offset) -> holder.loop.finished(partition, offset),
                        pipelineListener,
                        Clock.systemUTC(),
                        RetryPolicy.DEFAULTS);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig());
        // The clients' own metrics: consumer lag (records-lag-max), fetch and request latency.
        consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(meterRegistry);
        pollLoop =
                settings.exactlyOnce()
                        ? new TransactionalPollLoop(
                                consumer,
                                settings.topics().requests(),
                                pipeline,
                                publisher,
                                settings.intake(),
                                pollListener)
                        : new PollLoop(
                                consumer,
                                settings.topics().requests(),
                                pipeline,
                                settings.intake(),
                                pollListener);
        holder.loop = pollLoop;
        Thread thread = new Thread(pollLoop, "request-poll-loop");
        thread.setDaemon(true);
        thread.start();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(settings.kafka());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "provisioning-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(settings.kafka());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES + 64 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        if (settings.exactlyOnce()) {
            // Fencing of a worker that lost its partitions comes from the consumer group metadata
            // sent with the offsets, so the transactional id only needs to be unique.
            config.put(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    settings.groupId() + "-" + UUID.randomUUID());
            // A killed worker's open transaction blocks read_committed readers until the broker
            // aborts it after this timeout, so it is kept short. A batch takes far less.
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        }
        return config;
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(
                () -> {
                    log.info("worker stopping");
                    if (pipeline != null) {
                        pipeline.stop();
                    }
                    if (pollLoop != null) {
                        pollLoop.stop();
                        Duration wait = settings.intake().shutdownTimeout().plusSeconds(5);
                        if (!pollLoop.awaitStopped(wait)) {
                            log.warn("poll loop did not stop within {} ms", wait.toMillis());
                        }
                    }
                    if (publisher != null) {
                        publisher.close();
                    }
                    if (consumerMetrics != null) {
                        consumerMetrics.close();
                    }
                    if (producerMetrics != null) {
                        producerMetrics.close();
                    }
                    if (redis != null) {
                        redis.close();
                    }
                    log.info("worker stopped");
                    return null;
                });
    }

    /**
     * Returns the billing route resolver for code outside the usage path; null until the worker has
     * started.
     */
    public BillingResolver billingResolver() {
        return billingResolver;
    }

    /** Number of records in flight, for health and metrics. */
    public int inFlight() {
        return pollLoop == null ? 0 : pollLoop.inFlight();
    }

    /** Lets the pipeline reach the poll loop, which is built after it. */
    private static final class PollLoopHolder {
        volatile Intake loop;
    }
}
