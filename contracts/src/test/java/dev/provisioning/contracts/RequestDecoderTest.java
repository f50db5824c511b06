package dev.provisioning.contracts;

import static dev.provisioning.contracts.Decoding.accepted;
import static dev.provisioning.contracts.Decoding.decode;
import static dev.provisioning.contracts.Decoding.rejected;
import static dev.provisioning.contracts.Decoding.unreadable;
import static dev.provisioning.contracts.Decoding.violationFields;
import static dev.provisioning.contracts.Edit.remove;
import static dev.provisioning.contracts.Edit.set;
import static dev.provisioning.contracts.Edit.setText;
import static dev.provisioning.contracts.Samples.editedRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.contracts.payload.SubprojectCreate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestDecoderTest {

    @ParameterizedTest
    @EnumSource(RequestType.class)
    void decode_validSample_accepted(RequestType type) {
        DecodedRequest decoded = decode(Samples.requestBytes(type));

        assertThat(accepted(decoded).type()).isEqualTo(type);
    }

    @ParameterizedTest
    @EnumSource(RequestType.class)
    void decode_validSample_keepsEnvelopeFields(RequestType type) {
        ObjectNode sample = Samples.request(type);

        ProvisioningRequest request = accepted(decode(sample));

        assertThat(request.specVersion()).isEqualTo("1");
        assertThat(request.requestId()).isEqualTo(sample.get("requestId").textValue());
        assertThat(request.accountId()).isEqualTo(sample.get("accountId").textValue());
        assertThat(request.issuedAt()).isEqualTo(Instant.parse(sample.get("issuedAt").textValue()));
    }

    @Test
    void decode_requestIdMissing_unreadableInvalidRequestId() {
        ObjectNode document = editedRequest(RequestType.SUBPROJECT_CREATE, remove("requestId"));

        DecodedRequest decoded = decode(document);

        assertThat(unreadable(decoded).error()).isEqualTo("INVALID_REQUEST_ID");
    }

    static Stream<String> invalidIds() {
        return Stream.of(
                "\"\"",
                "\"asp 7 client\"",
                "\"asp/7\"",
                "\"asp-7\\n\"",
                "\"client-\u00e9\"",
                Samples.jsonString(Samples.letters(129)),
                "42",
                "null",
                "true",
                "[\"asp-7\"]");
    }

    @ParameterizedTest
    @MethodSource("invalidIds")
    void decode_requestIdInvalid_unreadableInvalidRequestId(String requestId) {
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, set("requestId", requestId));

        DecodedRequest decoded = decode(document);

        assertThat(unreadable(decoded).error()).isEqualTo("INVALID_REQUEST_ID");
    }

    @Test
    void decode_requestIdOf128Characters_accepted() {
        String requestId = Samples.letters(128);
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, setText("requestId", requestId));

        ProvisioningRequest request = accepted(decode(document));

        assertThat(request.requestId()).isEqualTo(requestId);
    }

    @Test
    void decode_accountIdMissing_rejectedNamingAccountId() {
        ObjectNode document = editedRequest(RequestType.SUBPROJECT_CREATE, remove("accountId"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly("accountId");
        assertThat(rejected.accountId()).isNull();
    }

    @ParameterizedTest
    @MethodSource("invalidIds")
    void decode_accountIdInvalid_rejectedNamingAccountId(String accountId) {
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, set("accountId", accountId));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly("accountId");
        assertThat(rejected.accountId()).isNull();
    }

    @Test
    void decode_typeUnknown_rejectedUnknownRequestType() {
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, setText("type", "subproject.move"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.UNKNOWN_REQUEST_TYPE);
        assertThat(rejected.reason().code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(violationFields(rejected)).containsExactly("type");
        assertThat(rejected.type()).isEqualTo("subproject.move");
    }

    @Test
    void decode_typeMissing_rejectedNamingType() {
        ObjectNode document = editedRequest(RequestType.SUBPROJECT_CREATE, remove("type"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsOnly("type");
        assertThat(rejected.type()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "null", "[\"subproject.create\"]", "{}"})
    void decode_typeNotAString_rejectedNamingType(String type) {
        ObjectNode document = editedRequest(RequestType.SUBPROJECT_CREATE, set("type", type));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsOnly("type");
    }

    @Test
    void decode_rejected_keepsRequestIdAndAccountId() {
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, setText("type", "subproject.move"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.requestId()).isEqualTo("asp-7-client-1042");
        assertThat(rejected.accountId()).isEqualTo("acc-relaywave");
    }

    @Test
    void decode_specVersion2_rejectedUnsupportedSpecVersion() {
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, setText("specVersion", "2"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.UNSUPPORTED_SPEC_VERSION);
        assertThat(violationFields(rejected)).containsExactly("specVersion");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "null"})
    void decode_specVersionNotAString_rejectedNamingSpecVersion(String specVersion) {
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, set("specVersion", specVersion));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly("specVersion");
    }

    @Test
    void decode_specVersionMissing_rejectedNamingSpecVersion() {
        ObjectNode document = editedRequest(RequestType.SUBPROJECT_CREATE, remove("specVersion"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly("specVersion");
    }

    @Test
    void decode_issuedAtMissing_rejectedNamingIssuedAt() {
        ObjectNode document = editedRequest(RequestType.SUBPROJECT_CREATE, remove("issuedAt"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly("issuedAt");
    }

    static Stream<String> invalidTimestamps() {
        return Stream.of(
                "\"yesterday\"",
                "\"\"",
                "\"2026-12-04\"",
                "\"2026-12-04 10:00:00Z\"",
                "\"2026-12-04T10:00Z\"",
                "\"2026-13-04T10:00:00Z\"",
                "\"2026-02-30T10:00:00Z\"",
                "\"2026-12-04T25:00:00Z\"",
                "\"2026-12-04t10:00:00z\"",
                "\"+12026-12-04T10:00:00Z\"",
                "\"2026-12-04T10:00:00+01:00:30\"",
                "\"2026-12-04T10:00:00.1234567891Z\"",
                "1796378400",
                "null");
    }

    @ParameterizedTest
    @MethodSource("invalidTimestamps")
    void decode_issuedAtInvalid_rejectedNamingIssuedAt(String issuedAt) {
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, set("issuedAt", issuedAt));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly("issuedAt");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-04T10:00:00Z",
                "2026-12-04T10:00:00.5Z",
                "2026-12-04T10:00:00.123456789Z",
                "2026-12-04T12:00:00+02:00",
                "2026-12-04T05:00:00-05:00"
            })
    void decode_issuedAtRfc3339_acceptedAsInstant(String issuedAt) {
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, setText("issuedAt", issuedAt));

        ProvisioningRequest request = accepted(decode(document));

        assertThat(request.issuedAt()).isEqualTo(OffsetDateTime.parse(issuedAt).toInstant());
    }

    /** The message promised a UTC instant although offsets such as +02:00 were accepted. */
    @Test
    void decode_issuedAtInvalid_descriptionMentionsOffsets() {
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, setText("issuedAt", "yesterday"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.violations().get(0).description()).contains("+01:00");
    }

    @Test
    void decode_unknownEnvelopeField_rejectedNamingIt() {
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, setText("priority", "high"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly("priority");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"parentProjectId=prj-1\"", "7", "true", "null"})
    void decode_payloadNotAnObject_rejectedNamingPayload(String payload) {
        ObjectNode document = editedRequest(RequestType.SUBPROJECT_CREATE, set("payload", payload));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly("payload");
    }

    @Test
    void decode_nestedValueNotAnObject_rejectedNamingOnlyIt() {
        ObjectNode document =
                editedRequest(RequestType.ACCOUNT_CREATE, setText("payload.billingAccount", "EUR"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload.billingAccount");
    }

    @Test
    void decode_payloadMissing_rejectedNamingPayload() {
        ObjectNode document = editedRequest(RequestType.SUBPROJECT_CREATE, remove("payload"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly("payload");
    }

    static Stream<String> displayNamesWithControls() {
        return Stream.of(
                "Client\u00001042",
                "Client\u0007",
                "Client\n1042",
                "\u001b[31mClient",
                "Client\u0085");
    }

    @ParameterizedTest
    @MethodSource("displayNamesWithControls")
    void decode_displayNameWithControlCharacter_rejected(String displayName) {
        ObjectNode document =
                editedRequest(
                        RequestType.SUBPROJECT_CREATE, setText("payload.displayName", displayName));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly("payload.displayName");
    }

    @Test
    void decode_displayNameOf255Characters_accepted() {
        String displayName = Samples.letters(255);
        ObjectNode document =
                editedRequest(
                        RequestType.SUBPROJECT_CREATE, setText("payload.displayName", displayName));

        ProvisioningRequest request = accepted(decode(document));

        assertThat(((SubprojectCreate) request.payload()).displayName()).isEqualTo(displayName);
    }

    @Test
    void decode_displayNameOf256Characters_rejected() {
        ObjectNode document =
                editedRequest(
                        RequestType.SUBPROJECT_CREATE,
                        setText("payload.displayName", Samples.letters(256)));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload.displayName");
    }

    @Test
    void decode_displayNameOf255Emoji_accepted() {
        String displayName = "\uD83D\uDE00".repeat(255);
        ObjectNode document =
                editedRequest(
                        RequestType.SUBPROJECT_CREATE, setText("payload.displayName", displayName));

        ProvisioningRequest request = accepted(decode(document));

        assertThat(((SubprojectCreate) request.payload()).displayName()).isEqualTo(displayName);
    }

    @Test
    void decode_displayNameOfNoBreakSpaces_rejected() {
        ObjectNode document =
                editedRequest(
                        RequestType.SUBPROJECT_CREATE,
                        setText("payload.displayName", "\u00A0\u00A0"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload.displayName");
    }

    /** An escaped lone surrogate cannot be written back as UTF-8 in results and state. */
    @Test
    void decode_displayNameWithUnpairedSurrogate_rejected() {
        String sample =
                new String(
                        Samples.requestBytes(RequestType.SUBPROJECT_CREATE),
                        StandardCharsets.UTF_8);
        String escaped = sample.replace("\"Client 1042\"", "\"Client \\ud83d\"");

        DecodedRequest.Rejected rejected =
                rejected(decode(escaped.getBytes(StandardCharsets.UTF_8)));

        assertThat(violationFields(rejected)).containsExactly("payload.displayName");
    }
}
