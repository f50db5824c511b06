package dev.provisioning.contracts;

import static dev.provisioning.contracts.Decoding.decode;
import static dev.provisioning.contracts.Decoding.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResultCodecTest {
    private final ResultCodec codec = new ResultCodec();

    static Stream<String> sampleResults() {
        return Samples.resultNames().stream();
    }

    static Stream<String> sampleResultsWithResource() {
        return sampleResults()
                .filter(name -> Samples.parse(Samples.resultBytes(name)).has("resource"));
    }

    @ParameterizedTest
    @MethodSource("sampleResults")
    void encode_decodedSample_sameTree(String name) {
        byte[] sample = Samples.resultBytes(name);

        byte[] encoded = codec.encode(codec.decode(sample));

        assertThat(Samples.parse(encoded)).isEqualTo(Samples.parse(sample));
    }

    @ParameterizedTest
    @MethodSource("sampleResults")
    void encode_decodedSample_sameFieldOrder(String name) {
        byte[] sample = Samples.resultBytes(name);

        byte[] encoded = codec.encode(codec.decode(sample));

        assertThat(fieldNames(Samples.parse(encoded)))
                .containsExactlyElementsOf(fieldNames(Samples.parse(sample)));
    }

    @ParameterizedTest
    @MethodSource("sampleResults")
    void decode_encodedSample_equalRecord(String name) {
        ProvisioningResult result = codec.decode(Samples.resultBytes(name));

        ProvisioningResult again = codec.decode(codec.encode(result));

        assertThat(again).isEqualTo(result);
    }

    @ParameterizedTest
    @MethodSource("sampleResultsWithResource")
    void encode_compactRawResource_sameBytesAsParsedResource(String name) {
        ProvisioningResult result = codec.decode(Samples.resultBytes(name));

        byte[] raw = codec.encode(result, result.resource().toString());

        assertThat(new String(raw, StandardCharsets.UTF_8))
                .isEqualTo(new String(codec.encode(result), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("sampleResultsWithResource")
    void encode_indentedRawResource_sameTreeAsParsedResource(String name) {
        ProvisioningResult result = codec.decode(Samples.resultBytes(name));
        String indented = result.resource().toPrettyString();

        byte[] raw = codec.encode(result, indented);

        assertThat(Samples.parse(raw)).isEqualTo(Samples.parse(codec.encode(result)));
    }

    @Test
    void decode_succeededSample_readsEveryField() {
        ProvisioningResult result =
                codec.decode(Samples.resultBytes("subproject.create-succeeded.json"));

        assertThat(result.specVersion()).isEqualTo("1");
        assertThat(result.requestId()).isEqualTo("asp-7-client-1042");
        assertThat(result.accountId()).isEqualTo("acc-relaywave");
        assertThat(result.type()).isEqualTo("subproject.create");
        assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.code()).isEqualTo(ResultCode.OK);
        assertThat(result.reason()).isNull();
        assertThat(result.violations()).isEmpty();
        assertThat(result.resource().get("subprojectId").textValue()).isEqualTo("sub-6e2b8f41c09a");
        assertThat(result.processedAt()).isEqualTo(Instant.parse("2026-12-04T10:00:00.418Z"));
    }

    @Test
    void decode_accountCreateSample_resourceHoldsAllThreeEntities() {
        ProvisioningResult result =
                codec.decode(Samples.resultBytes("account.create-succeeded.json"));

        assertThat(fieldNames(result.resource()))
                .containsExactly("account", "billingAccount", "project");
    }

    @Test
    void decode_creditSample_amountsStayDecimalStrings() {
        ProvisioningResult result =
                codec.decode(Samples.resultBytes("billing-account.credit-succeeded.json"));

        assertThat(result.resource().get("balance").textValue()).isEqualTo("312.4075");
    }

    @Test
    void decode_rejectedSample_readsViolations() {
        ProvisioningResult result =
                codec.decode(Samples.resultBytes("subproject.create-field-violations.json"));

        assertThat(result.status()).isEqualTo(ResultStatus.REJECTED);
        assertThat(result.code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(result.reason()).isEqualTo(Reason.FIELD_VIOLATIONS.name());
        assertThat(result.violations())
                .containsExactly(
                        new Violation("payload.displayName", "is required"),
                        new Violation("payload.externalref", "is not a known field"));
    }

    @Test
    void encode_decoderRejection_matchesRejectedSample() {
        ObjectNode request =
                Samples.editedRequest(
                        RequestType.SUBPROJECT_CREATE,
                        Edit.setText("requestId", "asp-7-client-1043"),
                        Edit.remove("payload.displayName"),
                        Edit.remove("payload.externalRef"),
                        Edit.setText("payload.externalref", "client-1043"));
        DecodedRequest.Rejected rejected = rejected(decode(request));
        ProvisioningResult result =
                new ProvisioningResult(
                        ProvisioningRequest.SPEC_VERSION,
                        rejected.requestId(),
                        rejected.accountId(),
                        rejected.type(),
                        ResultStatus.REJECTED,
                        rejected.reason().code(),
                        rejected.reason().name(),
                        rejected.message(),
                        rejected.violations(),
                        null,
                        Instant.parse("2026-12-04T10:00:01.092Z"));

        byte[] encoded = codec.encode(result);

        assertThat(Samples.parse(encoded))
                .isEqualTo(
                        Samples.parse(
                                Samples.resultBytes("subproject.create-field-violations.json")));
    }

    @Test
    void encode_nullFields_omitted() {
        ProvisioningResult result =
                new ProvisioningResult(
                        "1",
                        "asp-7-client-1042",
                        null,
                        null,
                        ResultStatus.SUCCEEDED,
                        ResultCode.OK,
                        null,
                        null,
                        null,
                        null,
                        null);

        byte[] encoded = codec.encode(result);

        assertThat(fieldNames(Samples.parse(encoded)))
                .containsExactly("specVersion", "requestId", "status", "code");
    }

    @Test
    void encode_emptyViolations_omitted() {
        ProvisioningResult result =
                codec.decode(Samples.resultBytes("usage.record-insufficient-funds.json"));

        byte[] encoded = codec.encode(result);

        assertThat(Samples.parse(encoded).has("violations")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[]",
                "\"result\"",
                "{\"status\":\"SUCCEEDED\",\"code\":\"OK\"}",
                "{\"requestId\":\"r-1\",\"code\":\"OK\"}",
                "{\"requestId\":\"r-1\",\"status\":\"SUCCEEDED\"}",
                "{\"requestId\":\"r-1\",\"status\":\"DONE\",\"code\":\"OK\"}",
                "{\"requestId\":\"r-1\",\"status\":\"SUCCEEDED\",\"code\":\"FINE\"}",
                "{\"requestId\":\"r-1\",\"status\":\"SUCCEEDED\",\"code\":\"OK\","
                        + "\"processedAt\":\"today\"}"
            })
    void decode_notAResult_illegalArgument(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
