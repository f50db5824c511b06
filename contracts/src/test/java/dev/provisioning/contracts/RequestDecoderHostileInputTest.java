package dev.provisioning.contracts;

import static dev.provisioning.contracts.Decoding.accepted;
import static dev.provisioning.contracts.Decoding.decode;
import static dev.provisioning.contracts.Decoding.unreadable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.contracts.payload.ProjectCreate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes that are not a request at all. Each must come back as Unreadable with a stable error word
 * and a message that repeats none of the input, because the message reaches DLQ headers and logs.
 */
class RequestDecoderHostileInputTest {
    /** A secret-looking text placed in each input, which no message may repeat. */
    private static final String MARKER = "sk_live_7f3a9c2e";

    private static final int MEGABYTE = 1024 * 1024;

    record HostileInput(String name, byte[] value, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<HostileInput> hostileInputs() {
        String sample = new String(sampleBytes(), StandardCharsets.UTF_8);
        return Stream.of(
                new HostileInput("null value", null, "EMPTY_VALUE"),
                new HostileInput("empty value", new byte[0], "EMPTY_VALUE"),
                new HostileInput("plain text", utf8(MARKER + " is not JSON"), "NOT_JSON"),
                new HostileInput("cut-off request", cutOff(sample), "NOT_JSON"),
                new HostileInput("cut-off string", utf8("{\"requestId\":\"" + MARKER), "NOT_JSON"),
                new HostileInput("trailing garbage", utf8(sample + " " + MARKER), "NOT_JSON"),
                new HostileInput(
                        "second object", utf8(sample + "{\"a\":\"" + MARKER + "\"}"), "NOT_JSON"),
                new HostileInput(
                        "raw NUL byte", utf8("{\"requestId\":\"" + MARKER + "\0\"}"), "NOT_JSON"),
                new HostileInput(
                        "raw tab in a string",
                        utf8("{\"requestId\":\"" + MARKER + "\t\"}"),
                        "NOT_JSON"),
                new HostileInput("JSON null", utf8("null"), "NOT_AN_OBJECT"),
                new HostileInput("only whitespace", utf8("  \n "), "NOT_AN_OBJECT"),
                new HostileInput("bare array", utf8("[\"" + MARKER + "\"]"), "NOT_AN_OBJECT"),
                new HostileInput("bare string", utf8("\"" + MARKER + "\""), "NOT_AN_OBJECT"),
                new HostileInput("bare number", utf8("42"), "NOT_AN_OBJECT"),
                new HostileInput("invalid UTF-8 start byte", withBytes(0xC3, 0x28), "NOT_UTF8"),
                new HostileInput("lone continuation byte", withBytes(0x80), "NOT_UTF8"),
                new HostileInput("Latin-1 text", withBytes(0xE9, 0x74, 0xE9), "NOT_UTF8"),
                new HostileInput("overlong slash", withBytes(0xC0, 0xAF), "NOT_UTF8"),
                new HostileInput("encoded surrogate", withBytes(0xED, 0xA0, 0x80), "NOT_UTF8"),
                new HostileInput("truncated sequence at end", truncatedSequence(), "NOT_UTF8"),
                new HostileInput(
                        "UTF-16LE request", encoded(sample, StandardCharsets.UTF_16LE), "NOT_UTF8"),
                new HostileInput(
                        "UTF-16 request with BOM",
                        encoded(sample, StandardCharsets.UTF_16),
                        "NOT_UTF8"),
                new HostileInput(
                        "UTF-32BE request",
                        encoded(sample, Charset.forName("UTF-32BE")),
                        "NOT_UTF8"),
                new HostileInput("duplicate requestId", duplicateKey("requestId"), "DUPLICATE_KEY"),
                new HostileInput(
                        "duplicate key named UTF-8", duplicateKey("UTF-8"), "DUPLICATE_KEY"),
                new HostileInput("duplicate label key", duplicateLabel(), "DUPLICATE_KEY"),
                new HostileInput(
                        "arrays nested 10,000 deep", nested("[", "]", 10_000), "LIMIT_EXCEEDED"),
                new HostileInput(
                        "objects nested 10,000 deep",
                        nested("{\"a\":", "}", 10_000),
                        "LIMIT_EXCEEDED"),
                new HostileInput("100k-character requestId", longRequestId(), "LIMIT_EXCEEDED"),
                new HostileInput("100k-character field name", longFieldName(), "LIMIT_EXCEEDED"),
                new HostileInput("200,000-element array", hugeArray(200_000), "LIMIT_EXCEEDED"),
                new HostileInput("100-digit number", longNumber(), "LIMIT_EXCEEDED"),
                new HostileInput("3 MB string field", multiMegabyteField(), "TOO_LARGE"));
    }

    @ParameterizedTest
    @MethodSource("hostileInputs")
    void decode_hostileInput_unreadableWithErrorWord(HostileInput input) {
        DecodedRequest decoded = decode(input.value());

        assertThat(unreadable(decoded).error()).isEqualTo(input.error());
    }

    @ParameterizedTest
    @MethodSource("hostileInputs")
    void decode_hostileInput_messageRepeatsNoInput(HostileInput input) {
        DecodedRequest decoded = decode(input.value());

        assertThat(unreadable(decoded).message()).doesNotContain(MARKER);
    }

    @ParameterizedTest
    @MethodSource("hostileInputs")
    void decode_hostileInput_messageNotBlank(HostileInput input) {
        DecodedRequest decoded = decode(input.value());

        assertThat(unreadable(decoded).message()).isNotBlank();
    }

    @Test
    void decode_afterHostileInputs_validRequestAccepted() {
        hostileInputs().forEach(input -> decode(input.value()));

        DecodedRequest decoded = decode(sampleBytes());

        assertThat(accepted(decoded).requestId()).isEqualTo("asp-7-client-1042");
    }

    @Test
    void decode_utf8ByteOrderMark_ignored() {
        byte[] value = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, sampleBytes());

        DecodedRequest decoded = decode(value);

        assertThat(accepted(decoded).requestId()).isEqualTo("asp-7-client-1042");
    }

    @Test
    void decode_valueAtSizeLimit_accepted() {
        String padding = " ".repeat(RequestDecoder.MAX_DOCUMENT_BYTES - sampleBytes().length);
        byte[] value = utf8(new String(sampleBytes(), StandardCharsets.UTF_8) + padding);

        DecodedRequest decoded = decode(value);

        assertThat(accepted(decoded).requestId()).isEqualTo("asp-7-client-1042");
    }

    @Test
    void decode_largestValidRequest_accepted() {
        StringBuilder labels = new StringBuilder("{");
        for (int i = 0; i < FieldReader.MAX_LABELS; i++) {
            String key =
                    String.format("%03d", i) + Samples.letters(FieldReader.MAX_NAME_LENGTH - 3);
            labels.append(i == 0 ? "" : ",").append('"').append(key).append("\":");
            labels.append('"').append(Samples.letters(FieldReader.MAX_NAME_LENGTH)).append('"');
        }
        ObjectNode document =
                Samples.editedRequest(
                        RequestType.PROJECT_CREATE, Edit.set("payload.labels", labels + "}"));

        DecodedRequest decoded = decode(document);

        assertThat(accepted(decoded).payload()).isInstanceOf(ProjectCreate.class);
    }

    @Test
    void decode_invalidUtf8_messageGivesByteOffset() {
        byte[] value = utf8("{\"requestId\":\"r-1\",\"x\":\"?\"}");
        value[24] = (byte) 0xFF;

        DecodedRequest decoded = decode(value);

        assertThat(unreadable(decoded).message()).endsWith("at byte offset 24");
    }

    private static byte[] sampleBytes() {
        return Samples.requestBytes(RequestType.SUBPROJECT_CREATE);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encoded(String text, Charset charset) {
        return text.getBytes(charset);
    }

    private static byte[] cutOff(String sample) {
        return utf8(sample.substring(0, sample.length() / 2));
    }

    private static byte[] withBytes(int... raw) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.writeBytes(utf8("{\"requestId\":\"r-1\",\"displayName\":\"" + MARKER));
        for (int b : raw) {
            value.write(b);
        }
        value.writeBytes(utf8("\"}"));
        return value.toByteArray();
    }

    private static byte[] truncatedSequence() {
        byte[] start = utf8("{\"requestId\":\"" + MARKER);
        return concat(start, new byte[] {(byte) 0xE2, (byte) 0x82});
    }

    private static byte[] duplicateKey(String key) {
        return utf8("{\"" + key + "\":\"" + MARKER + "\",\"" + key + "\":\"" + MARKER + "\"}");
    }

    private static byte[] duplicateLabel() {
        String sample = new String(sampleBytes(), StandardCharsets.UTF_8);
        return utf8(sample.replace("\"tier\": \"gold\"", "\"tier\": \"gold\", \"tier\": \"x\""));
    }

    private static byte[] nested(String open, String close, int depth) {
        String value = open.repeat(depth) + close.repeat(depth);
        return utf8("{\"requestId\":\"r-1\",\"" + MARKER + "\":" + value + "}");
    }

    private static byte[] longRequestId() {
        return utf8("{\"requestId\":\"" + MARKER.repeat(100_000 / MARKER.length()) + "\"}");
    }

    private static byte[] longFieldName() {
        return utf8(
                "{\"requestId\":\"r-1\",\"" + MARKER.repeat(100_000 / MARKER.length()) + "\":1}");
    }

    private static byte[] hugeArray(int elements) {
        String array = "[" + "0,".repeat(elements - 1) + "0]";
        return utf8("{\"requestId\":\"r-1\",\"" + MARKER + "\":" + array + "}");
    }

    private static byte[] longNumber() {
        return utf8("{\"requestId\":\"r-1\",\"" + MARKER + "\":" + "9".repeat(100) + "}");
    }

    private static byte[] multiMegabyteField() {
        String text = MARKER.repeat(3 * MEGABYTE / MARKER.length());
        return utf8("{\"requestId\":\"r-1\",\"note\":\"" + text + "\"}");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
