package dev.provisioning.worker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void fromEnvironmentOrLocal_redisUrlSet_startsNothing() {
        Map<String, String> environment = Map.of("REDIS_URL", "redis://127.0.0.1:6390/0");

        try (RedisEndpoint endpoint = RedisEndpoint.fromEnvironmentOrLocal(environment, true)) {
            assertThat(endpoint.uri()).isEqualTo("redis://127.0.0.1:6390/0");
            assertThat(endpoint.localRedis()).isEmpty();
        }
    }

    @Test
    void fromEnvironmentOrLocal_wrongScheme_rejected() {
        Map<String, String> environment = Map.of("REDIS_URL", "http://127.0.0.1:6390");

        assertThatThrownBy(() -> RedisEndpoint.fromEnvironmentOrLocal(environment, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme \"http\"");
    }

    @Test
    void fromEnvironmentOrLocal_invalidUrl_hidesValue() {
        Map<String, String> environment = Map.of("REDIS_URL", "redis://user:sec ret@127.0.0.1");

        assertThatThrownBy(() -> RedisEndpoint.fromEnvironmentOrLocal(environment, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("sec ret");
    }

    @Test
    void fromEnvironmentOrLocal_nothingAvailable_namesBothFixes() {
        assertThatThrownBy(() -> RedisEndpoint.fromEnvironmentOrLocal(Map.of(), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("install redis-server")
                .hasMessageContaining("set REDIS_URL");
    }
}
