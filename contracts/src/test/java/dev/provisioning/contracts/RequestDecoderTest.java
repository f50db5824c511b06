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

    @Test
    void decode_severalBrokenRules_reportsEveryViolation() {
        ObjectNode document =
                editedRequest(
                        RequestType.SUBPROJECT_CREATE,
                        setText("issuedAt", "yesterday"),
                        setText("payload.displayName", ""),
                        setText("payload.externalRef", Samples.letters(256)),
                        set("payload.labels", "{\"tier\": 5}"),
                        setText("payload.colour", "blue"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected))
                .containsExactly(
                        "issuedAt",
                        "payload.displayName",
                        "payload.externalRef",
                        "payload.labels.tier",
                        "payload.colour");
        assertThat(rejected.message()).startsWith("5 fields invalid: issuedAt must be");
    }

    @Test
    void decode_moreViolationsThanLimit_keepsFirstFifty() {
        StringBuilder labels = new StringBuilder("{");
        for (int i = 0; i < 80; i++) {
            labels.append(i == 0 ? "" : ",").append("\"key-").append(i).append("\":").append(i);
        }
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, set("payload.labels", labels + "}"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.violations()).hasSize(Violations.MAX_VIOLATIONS);
    }

    record WrongShape(RequestType type, Edit edit, String field) {
        @Override
        public String toString() {
            return type + ": " + edit;
        }
    }

    static Stream<WrongShape> wrongShapes() {
        RequestType usage = RequestType.USAGE_RECORD;
        return Stream.of(
                new WrongShape(usage, set("payload.quantity", "1.9"), "payload.quantity"),
                new WrongShape(usage, set("payload.quantity", "1.0"), "payload.quantity"),
                new WrongShape(usage, set("payload.quantity", "1e3"), "payload.quantity"),
                new WrongShape(usage, set("payload.quantity", "\"5\""), "payload.quantity"),
                new WrongShape(usage, set("payload.quantity", "true"), "payload.quantity"),
                new WrongShape(usage, set("payload.amount", "null"), "payload.amount"),
                new WrongShape(usage, set("payload.amount", "0.0425"), "payload.amount"),
                new WrongShape(usage, set("payload.amount", "5"), "payload.amount"),
                new WrongShape(usage, setText("payload.amount", "1e3"), "payload.amount"),
                new WrongShape(usage, setText("payload.amount", "-1"), "payload.amount"),
                new WrongShape(usage, setText("payload.amount", "0.1234567"), "payload.amount"),
                new WrongShape(usage, setText("payload.amount", "NaN"), "payload.amount"),
                new WrongShape(usage, setText("payload.amount", ""), "payload.amount"),
                new WrongShape(usage, setText("payload.currency", "eur"), "payload.currency"),
                new WrongShape(usage, setText("payload.currency", "EURO"), "payload.currency"),
                new WrongShape(usage, remove("payload.currency"), "payload.currency"),
                new WrongShape(usage, set("payload.usageId", "981"), "payload.usageId"),
                new WrongShape(
                        RequestType.PROJECT_DELETE,
                        setText("payload.cascade", "true"),
                        "payload.cascade"),
                new WrongShape(
                        RequestType.SUBPROJECT_CREATE,
                        set("payload.labels", "{\"tier\": 1}"),
                        "payload.labels.tier"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongShapes")
    void decode_valueOfWrongShape_rejectedNotCoerced(WrongShape row) {
        ObjectNode document = editedRequest(row.type(), row.edit());

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
        assertThat(violationFields(rejected)).containsExactly(row.field());
    }

    @Test
    void decode_misspeltOptionalField_rejectedAsUnknown() {
        ObjectNode document =
                editedRequest(
                        RequestType.SUBPROJECT_CREATE,
                        remove("payload.externalRef"),
                        setText("payload.externalref", "client-1042"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload.externalref");
        assertThat(rejected.violations().get(0).description()).isEqualTo("is not a known field");
    }

    @Test
    void decode_labelsWith255Entries_accepted() {
        ObjectNode document =
                editedRequest(
                        RequestType.SUBPROJECT_CREATE, set("payload.labels", Samples.labels(255)));

        ProvisioningRequest request = accepted(decode(document));

        assertThat(((SubprojectCreate) request.payload()).labels()).hasSize(255);
    }

    @Test
    void decode_labelsWith256Entries_rejectedNamingLabels() {
        ObjectNode document =
                editedRequest(
                        RequestType.SUBPROJECT_CREATE, set("payload.labels", Samples.labels(256)));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload.labels");
    }

    @Test
    void decode_labelKeyOf256Characters_rejectedNamingLabels() {
        String labels = "{" + Samples.jsonString(Samples.letters(256)) + ": \"gold\"}";
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, set("payload.labels", labels));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload.labels");
    }

    @Test
    void decode_labelValueOf256Characters_rejectedNamingEntry() {
        ObjectNode document =
                editedRequest(
                        RequestType.SUBPROJECT_CREATE,
                        setText("payload.labels.tier", Samples.letters(256)));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload.labels.tier");
    }

    @Test
    void decode_labelKeyAndValueOf255Characters_accepted() {
        String labels =
                "{"
                        + Samples.jsonString(Samples.letters(255))
                        + ": "
                        + Samples.jsonString(Samples.letters(255))
                        + "}";
        ObjectNode document =
                editedRequest(RequestType.SUBPROJECT_CREATE, set("payload.labels", labels));

        ProvisioningRequest request = accepted(decode(document));

        assertThat(((SubprojectCreate) request.payload()).labels())
                .containsEntry(Samples.letters(255), Samples.letters(255));
    }

    @Test
    void decode_creditLimitOnPrepaidSignUp_rejected() {
        ObjectNode document =
                editedRequest(
                        RequestType.ACCOUNT_CREATE,
                        setText("payload.billingAccount.kind", "PREPAID"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload.billingAccount.creditLimit");
    }

    @Test
    void decode_creditLimitOnPrepaidBillingAccount_rejected() {
        ObjectNode document =
                editedRequest(
                        RequestType.BILLING_ACCOUNT_CREATE,
                        setText("payload.creditLimit", "100.00"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload.creditLimit");
    }

    @Test
    void decode_usageForProjectAndSubproject_rejected() {
        ObjectNode document =
                editedRequest(
                        RequestType.USAGE_RECORD, setText("payload.projectId", "prj-2f6a9e04b7d1"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload");
    }

    @Test
    void decode_usageForNeitherProjectNorSubproject_rejected() {
        ObjectNode document =
                editedRequest(RequestType.USAGE_RECORD, remove("payload.subprojectId"));

        DecodedRequest.Rejected rejected = rejected(decode(document));

        assertThat(violationFields(rejected)).containsExactly("payload");
    }
}
