package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.worker.local.SharedInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RedisAccountStore} over the shared test Redis, under a key prefix of its own, driven
 * with request documents as a producer writes them. Create one per test and close it afterwards.
 */
final class StoreFixture implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 10;

    private static final RequestDecoder DECODER = new RequestDecoder();
    private static final ApplyScript SCRIPT = ApplyScript.load();

    // One client and one Vert.x instance for the whole test JVM, so that a fixture per test costs
    // only its connections; the forked JVM's exit stops their threads.
    private static final RedisClient CLIENT =
            RedisClient.create(SharedInfrastructure.redis().uri());
    private static final Vertx VERTX = Vertx.vertx();

    private final String prefix;
    private final Limits limits;
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    private final RedisAccountStore store;
    private final RedisCommands<String, String> commands;

    StoreFixture(Limits limits) {
        this.prefix = "test-" + UUID.randomUUID();
        this.limits = limits;
        this.store = newStore();
        this.commands = connect().sync();
    }

    StoreFixture() {
        this(Limits.DEFAULTS);
    }

    /** Returns another store on a connection and a Vert.x context of its own, same prefix. */
    RedisAccountStore newStore() {
        return new RedisAccountStore(
                connect().async(), VERTX.getOrCreateContext(), SCRIPT, prefix, limits);
    }

    /** Decodes a request document and applies it with the fixture's store. */
    StoreOutcome send(String document) {
        return send(store, document);
    }

    static StoreOutcome send(RedisAccountStore store, String document) {
        DecodedRequest decoded = DECODER.decode(document.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).as(document).isInstanceOf(DecodedRequest.Accepted.class);
        var request = ((DecodedRequest.Accepted) decoded).request();
        try {
            return store.apply(request, Instant.now(), null)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("applying " + request.requestId() + " failed", e);
        }
    }

    /** Sends every document in order and checks that each succeeded. */
    void sendAll(List<String> documents) {
        for (String document : documents) {
            StoreOutcome outcome = send(document);
            assertThat(outcome.reason()).as(document).isNull();
        }
    }

    String prefix() {
        return prefix;
    }

    AccountKeys keys(String accountId) {
        return new AccountKeys(prefix, accountId);
    }

    /** Returns a direct connection for reading or corrupting keys. */
    RedisCommands<String, String> redis() {
        return commands;
    }

    /** Returns every key under this fixture's prefix. */
    List<String> allKeys() {
        return commands.keys(prefix + ":*");
    }

    /**
     * Returns the serialized value of each key of the account, idempotency records left out when
     * {@code withRequests} is false.
     */
    Map<String, String> dump(String accountId, boolean withRequests) {
        Map<String, String> values = new TreeMap<>();
        for (String key : commands.keys(keys(accountId).base() + "*")) {
            if (withRequests || !key.contains(":request:")) {
                values.put(key, Base64.getEncoder().encodeToString(commands.dump(key)));
            }
        }
        return values;
    }

    @Override
    public void close() {
        List<String> keys = allKeys();
        if (!keys.isEmpty()) {
            commands.del(keys.toArray(String[]::new));
        }
        connections.forEach(StatefulRedisConnection::close);
    }

    private StatefulRedisConnection<String, String> connect() {
        StatefulRedisConnection<String, String> connection = CLIENT.connect();
        connections.add(connection);
        return connection;
    }
}
