package dev.provisioning.contracts;

import static dev.provisioning.contracts.Decoding.accepted;
import static dev.provisioning.contracts.Decoding.decode;
import static dev.provisioning.contracts.Edit.set;
import static dev.provisioning.contracts.Edit.setText;
import static dev.provisioning.contracts.Samples.editedRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fingerprint decides whether a reused requestId carries the same request. */
class RequestFingerprintTest {
    private static final RequestType TYPE = RequestType.SUBPROJECT_CREATE;

    private static final String SAMPLE_FINGERPRINT = fingerprintOf(Samples.request(TYPE));

    @Test
    void fingerprint_sample_isHexSha256() {
        assertThat(SAMPLE_FINGERPRINT).matches("[0-9a-f]{64}");
    }

    @Test
    void fingerprint_keysInAnotherOrder_same() {
        String reordered =
                """
                {"payload": {"labels": {"tier": "gold"}, "externalRef": "client-1042",
                             "displayName": "Client 1042", "parentProjectId": "prj-2f6a9e04b7d1"},
                 "issuedAt": "2026-12-04T10:00:00Z", "type": "subproject.create",
                 "accountId": "acc-relaywave", "requestId": "asp-7-client-1042", "specVersion": "1"}
                """;

        String fingerprint = fingerprintOf(reordered.getBytes(StandardCharsets.UTF_8));

        assertThat(fingerprint).isEqualTo(SAMPLE_FINGERPRINT);
    }

    @Test
    void fingerprint_labelsInAnotherOrder_same() {
        String first = "{\"a\":\"1\",\"b\":\"2\"}";
        String second = "{\"b\":\"2\",\"a\":\"1\"}";

        String fingerprint = fingerprintOf(editedRequest(TYPE, set("payload.labels", second)));

        assertThat(fingerprint)
                .isEqualTo(fingerprintOf(editedRequest(TYPE, set("payload.labels", first))));
    }

    @Test
    void fingerprint_escapedCharacters_sameAsPlainText() {
        String escaped = "\"Client\\u00201042\"";

        String fingerprint =
                fingerprintOf(editedRequest(TYPE, set("payload.displayName", escaped)));

        assertThat(fingerprint).isEqualTo(SAMPLE_FINGERPRINT);
    }

    @Test
    void fingerprint_differentDisplayName_differs() {
        String fingerprint =
                fingerprintOf(editedRequest(TYPE, setText("payload.displayName", "Client 1043")));

        assertThat(fingerprint).isNotEqualTo(SAMPLE_FINGERPRINT);
    }

    @Test
    void fingerprint_differentLabelValue_differs() {
        String fingerprint =
                fingerprintOf(editedRequest(TYPE, setText("payload.labels.tier", "silver")));

        assertThat(fingerprint).isNotEqualTo(SAMPLE_FINGERPRINT);
    }

    @Test
    void fingerprint_issuedAtChanged_same() {
        String fingerprint =
                fingerprintOf(editedRequest(TYPE, setText("issuedAt", "2026-12-05T08:30:00Z")));

        assertThat(fingerprint).isEqualTo(SAMPLE_FINGERPRINT);
    }

    /**
     * The reader treats a null optional field as absent, yet the fingerprint hashed the null, so a
     * producer whose serializer started writing nulls got IDEMPOTENCY_KEY_REUSED on a retry.
     */
    @Test
    void fingerprint_optionalFieldNull_sameAsAbsent() {
        String absent = fingerprintOf(editedRequest(TYPE, Edit.remove("payload.externalRef")));

        String explicitNull =
                fingerprintOf(editedRequest(TYPE, set("payload.externalRef", "null")));

        assertThat(explicitNull).isEqualTo(absent);
    }

    @Test
    void fingerprint_samePayloadOtherType_differs() {
        RequestDecoder decoder = new RequestDecoder();
        JsonNode payload = Samples.parse("{\"projectId\":\"prj-2f6a9e04b7d1\"}");

        String delete = decoder.fingerprint(RequestType.PROJECT_DELETE, payload);

        assertThat(delete).isNotEqualTo(decoder.fingerprint(RequestType.PROJECT_UPDATE, payload));
    }

    private static String fingerprintOf(JsonNode document) {
        return accepted(decode(document)).fingerprint();
    }

    private static String fingerprintOf(byte[] document) {
        return accepted(decode(document)).fingerprint();
    }
}
