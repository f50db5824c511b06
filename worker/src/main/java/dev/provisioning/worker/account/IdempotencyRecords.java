package dev.provisioning.worker.account;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.contracts.ResultStatus;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency records and usage markers that results on the result topic let a rebuild restore,
 * in the same shape the apply script stores them: {@code {f, s, c, r, m, x, t, l}} per requestId
 * and the requestId per recorded usageId. Filled on one thread, then written.
 */
public final class IdempotencyRecords {
    /** Result header with the request's fingerprint; only results decided by the store carry it. */
    public static final String FINGERPRINT_HEADER = "provisioning.fingerprint";

    /** Result header with the comma-separated ids of the entities the request changed. */
    public static final String CHANGED_HEADER = "provisioning.changed";

    private static final Logger log = LoggerFactory.getLogger(IdempotencyRecords.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonFactory FACTORY = new JsonFactory();

    private final ResultCodec codec = new ResultCodec();
    private final Instant now;
    private final Duration retention;
    private final Map<String, Stored> records = new LinkedHashMap<>();

    private record Stored(String accountId, String json, Duration ttl, String usageId) {}

    IdempotencyRecords(Instant now, Duration retention) {
        this.now = now;
        this.retention = retention;
    }

    /** Adds one result record; later results of a requestId already added are repeats. */
    void add(ConsumerRecord<byte[], byte[]> record) {
        Header fingerprint = record.headers().lastHeader(FINGERPRINT_HEADER);
        if (fingerprint == null || record.value() == null) {
            return;
        }
        ProvisioningResult result;
        try {
            result = codec.decode(record.value());
        } catch (IllegalArgumentException e) {
            log.warn(
                    "result skipped in rebuild topic={} partition={} offset={}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e);
            return;
        }
        String id = result.accountId() + "\n" + result.requestId();
        Duration ttl = retention.minus(Duration.between(result.processedAt(), now));
        if (records.containsKey(id) || result.accountId() == null || ttl.toSeconds() <= 0) {
            return;
        }
        records.put(id, stored(record, result, text(fingerprint), ttl));
    }

    private Stored stored(
            ConsumerRecord<byte[], byte[]> record,
            ProvisioningResult result,
            String fingerprint,
            Duration ttl) {
        ObjectNode json = JSON.createObjectNode();
        json.put("f", fingerprint);
        json.put("s", result.status().name());
        json.put("c", result.code().name());
        json.put("r", result.reason() == null ? "" : result.reason());
        json.put("m", result.message() == null ? "" : result.message());
        json.put("x", rawResource(record.value()));
        json.put("t", result.processedAt().toString());
        ArrayNode changed = json.putArray("l");
        Header changedHeader = record.headers().lastHeader(CHANGED_HEADER);
        if (changedHeader != null && changedHeader.value().length > 0) {
            for (String entityId : text(changedHeader).split(",")) {
                changed.add(entityId.equals(result.accountId()) ? "account" : entityId);
            }
        }
        String usageId = null;
        if (result.status() == ResultStatus.SUCCEEDED && "usage.record".equals(result.type())) {
            JsonNode resource = result.resource();
            usageId = resource == null ? null : resource.path("usageId").asText(null);
        }
        return new Stored(result.accountId(), json.toString(), ttl, usageId);
    }

    /** Writes every record with the time it has left; returns how many were written. */
    int write(RedisClusterCommands<String, String> redis, String keyPrefix) {
        for (var entry : records.entrySet()) {
            Stored stored = entry.getValue();
            String requestId = entry.getKey().substring(entry.getKey().indexOf('\n') + 1);
            AccountKeys keys = new AccountKeys(keyPrefix, stored.accountId());
            SetArgs expiry = SetArgs.Builder.ex(stored.ttl().toSeconds());
            redis.set(keys.request(requestId), stored.json(), expiry);
            if (stored.usageId() != null) {
                redis.set(keys.usage(stored.usageId()), requestId, expiry);
            }
        }
        return records.size();
    }

    /**
     * Returns the resource exactly as the result carries it, because the worker copies the stored
     * text into a repeated result and a re-encoded copy could differ in escapes and number format.
     */
    private static String rawResource(byte[] value) {
        try (JsonParser parser = FACTORY.createParser(value)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (name.equals("resource") && token == JsonToken.START_OBJECT) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    return new String(value, start, end - start, StandardCharsets.UTF_8);
                }
                parser.skipChildren();
            }
            return "";
        } catch (IOException e) {
            throw new IllegalStateException("result value became unreadable while reread", e);
        }
    }

    private static String text(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
