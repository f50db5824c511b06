package dev.provisioning.worker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalRedisIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(200);

    private LocalRedis redis;
    private RedisClient client;

    @BeforeEach
    void startRedis() {
        redis = LocalRedis.start();
        client = RedisClient.create(redis.uri());
    }

    @AfterEach
    void stopRedis() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        redis.close();
    }

    @Test
    void start_loopbackUri_repliesToPing() throws Exception {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();

            String syncReply = connection.sync().ping();
            String asyncReply = async.ping().get(2, TimeUnit.SECONDS);

            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(syncReply).isEqualTo("PONG");
            assertThat(asyncReply).isEqualTo("PONG");
        }
    }

    @Test
    void pause_commandWithShortTimeout_timesOutUntilResume() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setTimeout(COMMAND_TIMEOUT);
            RedisCommands<String, String> commands = connection.sync();
            commands.set("pause:key", "before");

            redis.pause();

            assertThatThrownBy(() -> commands.get("pause:key"))
                    .isInstanceOf(RedisCommandTimeoutException.class);

            redis.resume();

            assertThat(commands.get("pause:key")).isEqualTo("before");
        }
    }

    @Test
    void restart_afterStop_samePortAndEmpty() {
        int port = redis.port();
        long pid = redis.pid();
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("restart:key", "value");
        }

        redis.stop();
        boolean runningWhileStopped = redis.isRunning();
        redis.restart();

        assertThat(runningWhileStopped).isFalse();
        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.pid()).isNotEqualTo(pid);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().get("restart:key")).isNull();
        }
    }

    @Test
    void flushAll_withKeys_removesEveryKey() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            commands.set("flush:a", "1");
            commands.set("flush:b", "2");

            redis.flushAll();

            assertThat(commands.dbsize()).isZero();
        }
    }

    @Test
    void close_running_leavesNoProcess() {
        ProcessHandle server = ProcessHandle.of(redis.pid()).orElseThrow();

        redis.close();

        assertThat(server.isAlive()).isFalse();
        assertThat(redis.isRunning()).isFalse();
    }

    @Test
    void close_whilePaused_leavesNoProcess() {
        ProcessHandle server = ProcessHandle.of(redis.pid()).orElseThrow();
        redis.pause();

        redis.close();

        assertThat(server.isAlive()).isFalse();
    }

    @Test
    void pause_afterClose_rejected() {
        redis.close();

        assertThatThrownBy(() -> redis.pause())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
