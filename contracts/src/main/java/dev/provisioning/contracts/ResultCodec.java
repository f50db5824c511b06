package dev.provisioning.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads result record values. Thread-safe and cheap to share.
 *
 * <p>Fields are written in a fixed order. {@code accountId}, {@code type}, {@code reason}, {@code
 * message}, {@code resource} and {@code processedAt} are omitted when null, and {@code violations}
 * when empty.
 */
public final class ResultCodec {
    private final ObjectMapper mapper =
            JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** Writes a result as UTF-8 JSON. */
    public byte[] encode(ProvisioningResult result) {
        return encode(result, result.resource() == null ? null : result.resource().toString());
    }

    /**
     * Writes a result whose resource is already JSON text, so that a stored resource is copied as
     * it is instead of being parsed and written again.
     *
     * @param resourceJson a JSON object or null; the {@code resource} component is ignored
     */
    public byte[] encode(ProvisioningResult result, String resourceJson) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator out = mapper.getFactory().createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("specVersion", ProvisioningRequest.SPEC_VERSION);
            out.writeStringField("requestId", result.requestId());
            writeIfPresent(out, "accountId", result.accountId());
            writeIfPresent(out, "type", result.type());
            out.writeStringField("status", result.status().name());
            out.writeStringField("code", result.code().name());
            writeIfPresent(out, "reason", result.reason());
            writeIfPresent(out, "message", result.message());
            if (!result.violations().isEmpty()) {
                out.writeArrayFieldStart("violations");
                for (Violation violation : result.violations()) {
                    out.writeStartObject();
                    out.writeStringField("field", violation.field());
                    out.writeStringField("description", violation.description());
                    out.writeEndObject();
                }
                out.writeEndArray();
            }
            if (resourceJson != null) {
                out.writeFieldName("resource");
                out.writeRawValue(resourceJson);
            }
            if (result.processedAt() != null) {
                out.writeStringField("processedAt", result.processedAt().toString());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a result to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a result record value.
     *
     * @throws IllegalArgumentException if the bytes are not a result written by a worker
     */
    public ProvisioningResult decode(byte[] value) {
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("result value is not JSON", e);
        }
        if (root == null || !root.isObject() || !root.hasNonNull("requestId")) {
            throw new IllegalArgumentException("result value is not a result object");
        }
        try {
            return new ProvisioningResult(
                    text(root, "specVersion"),
                    text(root, "requestId"),
                    text(root, "accountId"),
                    text(root, "type"),
                    ResultStatus.valueOf(text(root, "status")),
                    ResultCode.valueOf(text(root, "code")),
                    text(root, "reason"),
                    text(root, "message"),
                    violations(root.get("violations")),
                    root.get("resource"),
                    root.hasNonNull("processedAt")
                            ? Instant.parse(root.get("processedAt").asText())
                            : null);
        } catch (NullPointerException | DateTimeParseException e) {
            throw new IllegalArgumentException("result value misses a required field", e);
        }
    }

    private static List<Violation> violations(JsonNode array) {
        List<Violation> violations = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode item : array) {
                violations.add(
                        new Violation(
                                item.path("field").asText(), item.path("description").asText()));
            }
        }
        return violations;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static void writeIfPresent(JsonGenerator out, String field, String value)
            throws IOException {
        if (value != null) {
            out.writeStringField(field, value);
        }
    }
}
