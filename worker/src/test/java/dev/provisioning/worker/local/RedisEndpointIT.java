package dev.provisioning.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisEndpointIT {

    @Test
    void fromEnvironmentOrLocal_noRedisUrl_startsLocalRedis() {
        ProcessHandle server;
        try (RedisEndpoint endpoint = RedisEndpoint.fromEnvironmentOrLocal(Map.of(), true)) {
            LocalRedis localRedis = endpoint.localRedis().orElseThrow();
            server = ProcessHandle.of(localRedis.pid()).orElseThrow();
            RedisClient client = RedisClient.create(endpoint.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }

        assertThat(server.isAlive()).isFalse();
    }
}
