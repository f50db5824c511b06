package dev.provisioning.benchmarks.load;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.account.AccountKeys;
import dev.provisioning.worker.account.ApplyScript;
import dev.provisioning.worker.account.Limits;
import dev.provisioning.worker.account.ScriptArguments;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker written the simple way: one thread takes one record at a time through decode, one
 * synchronous EVALSHA of the worker's own script (Lettuce sync API), and the result and changelog
 * records, then commits each polled batch synchronously. It does the same work per request as the
 * real worker and shares its Redis state and key prefix.
 *
 * <p>{@link Mode#SYNC_SEND} (B5) waits for each record's acknowledgement ({@code send().get()}).
 * {@link Mode#ASYNC_SEND} is the partition-serial variant: Redis calls are still strictly one at a
 * time, but sends are not awaited until the batch ends, which matches the worker's own rule that
 * the next request of a key may start once the store has decided.
 */
final class NaiveWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NaiveWorker.class);

    enum Mode {
        SYNC_SEND,
        ASYNC_SEND
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> connection;
    private final ApplyScript script = ApplyScript.load();
    private final RequestDecoder decoder = new RequestDecoder();
    private final ResultCodec codec = new ResultCodec();
    private final String resultTopic;
    private final String changelogTopic;
    private final String keyPrefix;
    private final Mode mode;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    NaiveWorker(
            ClientSettings clients,
            String redisUri,
            String keyPrefix,
            String requestTopic,
            String resultTopic,
            String changelogTopic,
            Mode mode) {
        String name = "naive-worker-" + mode.name().toLowerCase(java.util.Locale.ROOT);
        this.consumer = clients.groupConsumer(name + "-" + requestTopic);
        this.producer = clients.producer(name);
        this.redisClient = RedisClient.create(redisUri);
        this.connection = redisClient.connect();
        this.resultTopic = resultTopic;
        this.changelogTopic = changelogTopic;
        this.keyPrefix = keyPrefix;
        this.mode = mode;
        connection.sync().scriptLoad(script.source());
        consumer.subscribe(List.of(requestTopic));
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        RedisCommands<String, String> redis = connection.sync();
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    for (ProducerRecord<byte[], byte[]> answer : handle(redis, record)) {
                        Future<RecordMetadata> sent = producer.send(answer);
                        if (mode == Mode.SYNC_SEND) {
                            sent.get();
                        } else {
                            sends.add(sent);
                        }
                    }
                }
                for (Future<RecordMetadata> sent : sends) {
                    sent.get();
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer to stop the loop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            log.error("naive worker {} failed and stopped", mode, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
            connection.close();
            redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            stopped.countDown();
        }
    }

    private List<ProducerRecord<byte[], byte[]>> handle(
            RedisCommands<String, String> redis, ConsumerRecord<byte[], byte[]> record) {
        DecodedRequest decoded = decoder.decode(record.value());
        if (!(decoded instanceof DecodedRequest.Accepted accepted)) {
            throw new IllegalStateException("generated request was not accepted: " + decoded);
        }
        ProvisioningRequest request = accepted.request();
        String[] keys =
                new AccountKeys(keyPrefix, request.accountId())
                        .scriptKeys(request.requestId(), ScriptArguments.usageId(request))
                        .toArray(String[]::new);
        String[] args = ScriptArguments.of(request, Instant.now(), Limits.DEFAULTS, null);
        List<Object> reply = redis.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args);

        List<ProducerRecord<byte[], byte[]>> answers = new ArrayList<>();
        ProvisioningResult result =
                new ProvisioningResult(
                        ProvisioningRequest.SPEC_VERSION,
                        request.requestId(),
                        request.accountId(),
                        request.type().wireName(),
                        ResultStatus.valueOf(text(reply, 0)),
                        ResultCode.valueOf(text(reply, 1)),
                        emptyToNull(text(reply, 2)),
                        text(reply, 3),
                        List.of(),
                        null,
                        Instant.parse(text(reply, 5)));
        answers.add(
                new ProducerRecord<>(
                        resultTopic,
                        record.key(),
                        codec.encode(result, emptyToNull(text(reply, 4)))));
        for (int i = 7; i + 1 < reply.size(); i += 2) {
            String state = text(reply, i + 1);
            answers.add(
                    new ProducerRecord<>(
                            changelogTopic,
                            utf8(text(reply, i)),
                            state.isEmpty() ? null : utf8(state)));
        }
        return answers;
    }

    private static String text(List<Object> reply, int index) {
        Object value = reply.get(index);
        return value == null ? "" : value.toString();
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                log.warn("naive worker {} did not stop within 30 s", mode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
