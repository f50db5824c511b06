package dev.provisioning.worker.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerSettingsTest {

    @Test
    void load_emptyEnvironment_usesDefaults() {
        WorkerSettings settings = WorkerSettings.load(Map.of());

        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(settings.topics().requests()).isEqualTo("provisioning.requests");
        assertThat(settings.limits().requestRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.httpPort()).isEqualTo(8080);
    }

    @ParameterizedTest
    @CsvSource({
        "HTTP_PORT, 70000, 'invalid HTTP_PORT=\"70000\": expected a whole number from 0 to 65535'",
        "HTTP_PORT, abc, 'invalid HTTP_PORT=\"abc\": expected a whole number from 0 to 65535'",
        "PROVISIONING_REDIS_COMMAND_TIMEOUT, 5, 'invalid PROVISIONING_REDIS_COMMAND_TIMEOUT=\"5\": expected a duration such as 500ms, 2s, 5m, 12h or 7d'",
        "PROVISIONING_REDIS_CLUSTER, yes, 'invalid PROVISIONING_REDIS_CLUSTER=\"yes\": expected true or false'",
        "PROVISIONING_CREATE_TOPICS, yes, 'invalid PROVISIONING_CREATE_TOPICS=\"yes\": expected true or false'",
        "PROVISIONING_MAX_PROJECTS, 0, 'invalid PROVISIONING_MAX_PROJECTS=\"0\": expected a whole number from 1 to 100000'",
    })
    void load_invalidValue_namesKeyValueAndExpectation(String name, String value, String problem) {
        assertThatThrownBy(() -> WorkerSettings.load(Map.of(name, value)))
                .isInstanceOf(InvalidSettingsException.class)
                .extracting(e -> ((InvalidSettingsException) e).problems())
                .asList()
                .containsExactly(problem);
    }

    @Test
    void load_severalInvalidValues_reportsEach() {
        Map<String, String> environment =
                Map.of("HTTP_PORT", "-1", "PROVISIONING_MAX_IN_FLIGHT", "x");

        assertThatThrownBy(() -> WorkerSettings.load(environment))
                .extracting(e -> ((InvalidSettingsException) e).problems())
                .asList()
                .hasSize(2);
    }

    @Test
    void load_redisUrlWithPassword_neverEchoedInProblem() {
        Map<String, String> environment = Map.of("REDIS_URL", "http://:hunter2@example");

        assertThatThrownBy(() -> WorkerSettings.load(environment))
                .hasMessageContaining("REDIS_URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void load_redisClusterUnset_standalone() {
        WorkerSettings settings = WorkerSettings.load(Map.of());

        assertThat(settings.redis().cluster()).isFalse();
        assertThat(settings.redis().hosts()).containsExactly("127.0.0.1:6379");
    }

    @Test
    void load_redisClusterWithSeveralSeeds_listsEachSeed() {
        Map<String, String> environment =
                Map.of(
                        "PROVISIONING_REDIS_CLUSTER", "true",
                        "REDIS_URL", "redis://:hunter2@127.0.0.1:7001,127.0.0.1:7002,localhost");

        WorkerSettings settings = WorkerSettings.load(environment);

        assertThat(settings.redis().cluster()).isTrue();
        assertThat(settings.redis().hosts())
                .containsExactly("127.0.0.1:7001", "127.0.0.1:7002", "localhost:6379");
        assertThat(settings.describe()).contains("127.0.0.1:7001,127.0.0.1:7002");
        assertThat(settings.describe()).doesNotContain("hunter2");
        assertThat(settings.redis().toString()).doesNotContain("hunter2");
    }

    @Test
    void load_severalRedisHostsWithoutCluster_rejected() {
        Map<String, String> environment =
                Map.of("REDIS_URL", "redis://127.0.0.1:7001,127.0.0.1:7002");

        assertThatThrownBy(() -> WorkerSettings.load(environment))
                .extracting(e -> ((InvalidSettingsException) e).problems())
                .asList()
                .singleElement()
                .asString()
                .contains("REDIS_URL", "PROVISIONING_REDIS_CLUSTER=true");
    }

    @ParameterizedTest
    @CsvSource({
        "redis://127.0.0.1:0, invalid port",
        "'redis://127.0.0.1:7001,', expected a host",
        "redis://127.0.0.1:port, invalid port",
    })
    void load_invalidRedisSeed_namesProblem(String uri, String problem) {
        Map<String, String> environment =
                Map.of("PROVISIONING_REDIS_CLUSTER", "true", "REDIS_URL", uri);

        assertThatThrownBy(() -> WorkerSettings.load(environment))
                .extracting(e -> ((InvalidSettingsException) e).problems())
                .asList()
                .singleElement()
                .asString()
                .contains("REDIS_URL", problem);
    }

    @Test
    void describe_masksSecretClientProperties() {
        WorkerSettings settings =
                WorkerSettings.load(
                        Map.of(
                                "KAFKA_CLIENT_SASL_JAAS_CONFIG", "secret-jaas",
                                "KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                                "REDIS_URL", "redis://:hunter2@127.0.0.1:6379"));

        assertThat(settings.kafkaClientProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(settings.describe()).doesNotContain("secret-jaas");
        assertThat(settings.describe()).doesNotContain("hunter2");
    }

    @Test
    void load_configFile_environmentWins(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("worker.properties");
        Files.writeString(file, "HTTP_PORT=9000\nPROVISIONING_GROUP_ID=from-file\n");

        WorkerSettings settings =
                WorkerSettings.load(
                        Map.of("PROVISIONING_CONFIG_FILE", file.toString(), "HTTP_PORT", "9001"));

        assertThat(settings.httpPort()).isEqualTo(9001);
        assertThat(settings.groupId()).isEqualTo("from-file");
    }
}
