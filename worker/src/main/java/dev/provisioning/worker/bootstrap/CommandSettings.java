package dev.provisioning.worker.bootstrap;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Settings and Kafka clients shared by the commands that talk to a running worker's topics. */
final class CommandSettings {
    /** Exit code for invalid usage or settings, as picocli uses for usage errors. */
    static final int INVALID_USAGE = 2;

    private CommandSettings() {}

    /**
     * Loads the worker settings, or prints every problem to {@code err} and returns null.
     *
     * @param overrides values that replace those of the environment, such as a command option
     */
    static WorkerSettings loadOrReport(
            Map<String, String> environment, Map<String, String> overrides, PrintWriter err) {
        Map<String, String> values = new HashMap<>(environment);
        values.putAll(overrides);
        try {
            return WorkerSettings.load(values);
        } catch (InvalidSettingsException e) {
            err.println("Invalid settings:");
            e.problems().forEach(problem -> err.println("  " + problem));
            return null;
        }
    }

    /** Creates a producer that waits for all in-sync replicas, as a careful integrator would. */
    static KafkaProducer<byte[], byte[]> producer(WorkerSettings settings, String clientId) {
        Map<String, Object> config = new HashMap<>(settings.kafkaClientProperties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
