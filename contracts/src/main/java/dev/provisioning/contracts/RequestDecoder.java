package dev.provisioning.contracts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.provisioning.contracts.payload.AccountCreate;
import dev.provisioning.contracts.payload.BillingAccountCreate;
import dev.provisioning.contracts.payload.BillingAccountCredit;
import dev.provisioning.contracts.payload.BillingAccountDelete;
import dev.provisioning.contracts.payload.BillingAccountUpdate;
import dev.provisioning.contracts.payload.ProjectCreate;
import dev.provisioning.contracts.payload.ProjectDelete;
import dev.provisioning.contracts.payload.ProjectLinkBillingAccount;
import dev.provisioning.contracts.payload.ProjectUpdate;
import dev.provisioning.contracts.payload.RequestPayload;
import dev.provisioning.contracts.payload.SubprojectCreate;
import dev.provisioning.contracts.payload.SubprojectDelete;
import dev.provisioning.contracts.payload.SubprojectUpdate;
import dev.provisioning.contracts.payload.UsageRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads request record values into {@link DecodedRequest}s. Thread-safe and cheap to share.
 *
 * <p>Parsing is strict and bounded so that hostile input cannot crash or exhaust the reader:
 * nesting deeper than {@value #MAX_NESTING_DEPTH}, strings over {@value #MAX_STRING_LENGTH}
 * characters, more than {@value #MAX_TOKENS} tokens, documents over {@value #MAX_DOCUMENT_BYTES}
 * bytes, duplicate keys, bytes that are not strict UTF-8 (UTF-16 and UTF-32 included) and trailing
 * data all make a record {@link DecodedRequest.Unreadable}. A leading UTF-8 byte order mark is
 * skipped, as RFC 8259 allows. Unknown fields are rejected with a violation, so a misspelt optional
 * field is never silently ignored.
 */
public final class RequestDecoder {
    /** Deepest nesting of objects and arrays accepted; a valid request needs four levels. */
    public static final int MAX_NESTING_DEPTH = 32;

    /** Longest JSON string accepted; the longest valid field is 1024 characters. */
    public static final int MAX_STRING_LENGTH = 16_384;

    /** Largest record value accepted, in bytes. */
    public static final int MAX_DOCUMENT_BYTES = 1_048_576;

    /**
     * Most JSON tokens accepted in one record. A project.create with 255 labels, the largest valid
     * request, has 532 tokens, so this bound only stops huge arrays and maps from being built.
     */
    public static final int MAX_TOKENS = 10_000;

    private static final int MAX_NUMBER_LENGTH = 64;

    /**
     * Form of issuedAt: an RFC 3339 date-time with upper-case T and Z or a numeric offset, and at
     * most nine fraction digits, as in the published JSON Schema. {@link Instant#parse} alone would
     * also take years past 9999 and offsets with seconds, which RFC 3339 does not allow.
     */
    private static final Pattern TIMESTAMP =
            Pattern.compile(
                    "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?"
                            + "(Z|[+-][0-9]{2}:[0-9]{2})");

    /**
     * One digest per thread: looking the algorithm up for every request costs more than hashing.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 =
            ThreadLocal.withInitial(
                    () -> {
                        try {
                            return MessageDigest.getInstance("SHA-256");
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
                        }
                    });

    private final ObjectMapper mapper;

    /** Creates a decoder with the limits described on the class. */
    public RequestDecoder() {
        JsonFactory factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(MAX_NESTING_DEPTH)
                                        .maxStringLength(MAX_STRING_LENGTH)
                                        .maxDocumentLength(MAX_DOCUMENT_BYTES)
                                        .maxNumberLength(MAX_NUMBER_LENGTH)
                                        .maxTokenCount(MAX_TOKENS)
                                        .build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build();
        this.mapper =
                JsonMapper.builder(factory)
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                        .build();
    }

    /** Reads one record value; never throws for any input, including null. */
    public DecodedRequest decode(byte[] value) {
        if (value == null || value.length == 0) {
            return new DecodedRequest.Unreadable("EMPTY_VALUE", "record value is empty or null");
        }
        if (value.length > MAX_DOCUMENT_BYTES) {
            return new DecodedRequest.Unreadable(
                    "TOO_LARGE", "record value exceeds " + MAX_DOCUMENT_BYTES + " bytes");
        }
        if (looksLikeUtf16OrUtf32(value)) {
            return new DecodedRequest.Unreadable(
                    "NOT_UTF8",
                    "record value looks like UTF-16 or UTF-32, but requests must be UTF-8");
        }

        int start = startsWithUtf8ByteOrderMark(value) ? 3 : 0;
        // Most requests are ASCII, which is valid UTF-8 as it is; only others need the strict pass.
        if (!isAscii(value, start)) {
            int invalidOffset = firstInvalidUtf8(value, start);
            if (invalidOffset >= 0) {
                return new DecodedRequest.Unreadable(
                        "NOT_UTF8",
                        "record value is not valid UTF-8 at byte offset " + invalidOffset);
            }
        }

        JsonNode root;
        try {
            root = mapper.readTree(value, start, value.length - start);
        } catch (StreamConstraintsException e) {
            return new DecodedRequest.Unreadable(
                    "LIMIT_EXCEEDED", "record value breaks a size or nesting limit" + location(e));
        } catch (JsonProcessingException e) {
            if (isDuplicateKey(e)) {
                return new DecodedRequest.Unreadable(
                        "DUPLICATE_KEY", "record value repeats a key in one object" + location(e));
            }
            return new DecodedRequest.Unreadable(
                    "NOT_JSON", "record value is not JSON" + location(e));
        } catch (IOException | RuntimeException e) {
            return new DecodedRequest.Unreadable(
                    "NOT_JSON",
                    "record value could not be parsed: " + e.getClass().getSimpleName());
        }
        return decodeTree(root);
    }

    /**
     * Tells whether the value starts like UTF-16 or UTF-32 text: with a byte order mark of either,
     * or with a zero byte among the first four, which UTF-8 JSON text cannot contain. Jackson would
     * otherwise detect those encodings by itself and accept the record.
     */
    private static boolean looksLikeUtf16OrUtf32(byte[] value) {
        int first = value[0] & 0xFF;
        if (first == 0xFE || first == 0xFF) {
            return true;
        }
        for (int i = 0; i < Math.min(4, value.length); i++) {
            if (value[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(byte[] value, int start) {
        for (int i = start; i < value.length; i++) {
            if (value[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that the bytes from {@code start} are strict UTF-8. The JDK decoder rejects overlong
     * forms, encoded surrogates and truncated sequences, which Jackson's own byte parser lets
     * through.
     *
     * @return -1 when valid, else the offset of the first invalid byte
     */
    private static int firstInvalidUtf8(byte[] value, int start) {
        ByteBuffer bytes = ByteBuffer.wrap(value, start, value.length - start);
        CharBuffer text = CharBuffer.allocate(value.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        CoderResult result = decoder.decode(bytes, text, true);
        if (!result.isError()) {
            result = decoder.flush(text);
        }
        return result.isError() ? bytes.position() : -1;
    }

    private static boolean startsWithUtf8ByteOrderMark(byte[] value) {
        return value.length >= 3
                && (value[0] & 0xFF) == 0xEF
                && (value[1] & 0xFF) == 0xBB
                && (value[2] & 0xFF) == 0xBF;
    }

    /**
     * Tells whether parsing stopped at a repeated key. Jackson reports it only in the message text,
     * whose fixed prefix is checked here, and the key that follows is never copied out.
     */
    private static boolean isDuplicateKey(JsonProcessingException e) {
        return String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field ");
    }

    private DecodedRequest decodeTree(JsonNode root) {
        if (root == null || !root.isObject()) {
            return new DecodedRequest.Unreadable(
                    "NOT_AN_OBJECT", "record value is not a JSON object");
        }
        JsonNode requestIdNode = root.get("requestId");
        if (requestIdNode == null
                || !requestIdNode.isTextual()
                || !FieldReader.isId(requestIdNode.textValue())) {
            return new DecodedRequest.Unreadable(
                    "INVALID_REQUEST_ID",
                    "requestId is missing or not 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        String requestId = requestIdNode.textValue();
        String accountId = validIdOrNull(root.get("accountId"));
        JsonNode typeNode = root.get("type");
        String typeName = typeNode != null && typeNode.isTextual() ? typeNode.textValue() : null;

        JsonNode specVersion = root.get("specVersion");
        if (specVersion != null
                && !specVersion.isNull()
                && !ProvisioningRequest.SPEC_VERSION.equals(specVersion.asText(null))) {
            return new DecodedRequest.Rejected(
                    requestId,
                    accountId,
                    typeName,
                    Reason.UNSUPPORTED_SPEC_VERSION,
                    "specVersion must be \"" + ProvisioningRequest.SPEC_VERSION + "\"",
                    List.of(new Violation("specVersion", "must be \"1\"")));
        }
        Optional<RequestType> type = RequestType.fromWireName(typeName);
        if (typeName != null && type.isEmpty()) {
            return new DecodedRequest.Rejected(
                    requestId,
                    accountId,
                    typeName,
                    Reason.UNKNOWN_REQUEST_TYPE,
                    "type is not a known request type",
                    List.of(new Violation("type", "must be one of " + knownTypes())));
        }
        return readEnvelope(root, requestId, accountId, typeName, type.orElse(null));
    }

    private DecodedRequest readEnvelope(
            JsonNode root, String requestId, String accountId, String typeName, RequestType type) {
        Violations violations = new Violations();
        FieldReader envelope = FieldReader.of(root, "", violations);
        envelope.requiredText("specVersion", 8);
        envelope.requiredId("requestId");
        envelope.requiredId("accountId");
        if (envelope.requiredText("type", 64) == null) {
            violations.add("type", "must be one of " + knownTypes());
        }
        Instant issuedAt = readInstant(envelope, "issuedAt");
        FieldReader payloadReader = envelope.requiredObject("payload");
        envelope.rejectUnknownFields();
        RequestPayload payload =
                type == null || payloadReader == null ? null : readPayload(type, payloadReader);

        if (!violations.isEmpty()) {
            List<Violation> list = violations.toList();
            return new DecodedRequest.Rejected(
                    requestId, accountId, typeName, Reason.FIELD_VIOLATIONS, summary(list), list);
        }
        String fingerprint = fingerprint(type, root.get("payload"));
        return new DecodedRequest.Accepted(
                new ProvisioningRequest(
                        ProvisioningRequest.SPEC_VERSION,
                        requestId,
                        accountId,
                        type,
                        issuedAt,
                        payload,
                        fingerprint));
    }

    private static RequestPayload readPayload(RequestType type, FieldReader reader) {
        return switch (type) {
            case ACCOUNT_CREATE -> AccountCreate.read(reader);
            case BILLING_ACCOUNT_CREATE -> BillingAccountCreate.read(reader);
            case BILLING_ACCOUNT_UPDATE -> BillingAccountUpdate.read(reader);
            case BILLING_ACCOUNT_CREDIT -> BillingAccountCredit.read(reader);
            case BILLING_ACCOUNT_DELETE -> BillingAccountDelete.read(reader);
            case PROJECT_CREATE -> ProjectCreate.read(reader);
            case PROJECT_UPDATE -> ProjectUpdate.read(reader);
            case PROJECT_LINK_BILLING_ACCOUNT -> ProjectLinkBillingAccount.read(reader);
            case PROJECT_DELETE -> ProjectDelete.read(reader);
            case SUBPROJECT_CREATE -> SubprojectCreate.read(reader);
            case SUBPROJECT_UPDATE -> SubprojectUpdate.read(reader);
            case SUBPROJECT_DELETE -> SubprojectDelete.read(reader);
            case USAGE_RECORD -> UsageRecord.read(reader);
        };
    }

    private static Instant readInstant(FieldReader envelope, String field) {
        String text = envelope.requiredText(field, 64);
        if (text == null) {
            return null;
        }
        Instant utc = parseUtcInstant(text);
        if (utc != null) {
            return utc;
        }
        if (!TIMESTAMP.matcher(text).matches()) {
            rejectTimestamp(envelope, field);
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            rejectTimestamp(envelope, field);
            return null;
        }
    }

    /**
     * Parses the common form {@code 2026-12-04T10:00:00Z}, with up to nine fraction digits, without
     * a regular expression or a formatter, because every request carries one.
     *
     * @return the instant, or null when the text has another form (an offset, a leap second, an
     *     invalid date); the caller then applies the full rule
     */
    static Instant parseUtcInstant(String text) {
        int length = text.length();
        if (length < 20
                || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0
                || month < 0
                || day < 0
                || hour < 0
                || minute < 0
                || second < 0
                || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Reads {@code count} decimal digits at {@code start}; -1 if any is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void rejectTimestamp(FieldReader envelope, String field) {
        envelope.reject(
                field,
                "must be an RFC 3339 date-time such as 2026-12-04T10:00:00Z, with Z or an offset"
                        + " such as +01:00");
    }

    /**
     * Computes the hex SHA-256 of the type name and the payload with object keys sorted, so that
     * the same payload sent with its keys in another order has the same fingerprint. Fields set to
     * null are left out, because the readers treat them as absent.
     */
    String fingerprint(RequestType type, JsonNode payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            bytes.write(type.wireName().getBytes(StandardCharsets.UTF_8));
            bytes.write('\n');
            try (JsonGenerator generator = mapper.getFactory().createGenerator(bytes)) {
                writeCanonical(generator, payload);
            }
            MessageDigest digest = SHA_256.get();
            return HexFormat.of().formatHex(digest.digest(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    private static void writeCanonical(JsonGenerator generator, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            generator.writeStartObject();
            for (String name : names) {
                JsonNode value = node.get(name);
                if (value.isNull()) {
                    continue;
                }
                generator.writeFieldName(name);
                writeCanonical(generator, value);
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                writeCanonical(generator, it.next());
            }
            generator.writeEndArray();
        } else {
            generator.writeTree(node);
        }
    }

    private static String validIdOrNull(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        return FieldReader.isId(node.textValue()) ? node.textValue() : null;
    }

    private static String summary(List<Violation> violations) {
        StringBuilder text = new StringBuilder();
        text.append(violations.size()).append(violations.size() == 1 ? " field" : " fields");
        text.append(" invalid: ");
        for (int i = 0; i < violations.size(); i++) {
            if (i > 0) {
                text.append("; ");
            }
            Violation violation = violations.get(i);
            text.append(violation.field()).append(' ').append(violation.description());
        }
        return text.toString();
    }

    private static String knownTypes() {
        List<String> names = new ArrayList<>();
        for (RequestType type : RequestType.values()) {
            names.add(type.wireName());
        }
        return String.join(", ", names);
    }

    /** Describes where parsing failed without echoing any of the input. */
    private static String location(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        if (location == null) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
