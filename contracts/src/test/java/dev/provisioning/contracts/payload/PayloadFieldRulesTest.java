package dev.provisioning.contracts.payload;

import static dev.provisioning.contracts.Decoding.accepted;
import static dev.provisioning.contracts.Decoding.decode;
import static dev.provisioning.contracts.Decoding.rejected;
import static dev.provisioning.contracts.Decoding.violationFields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.RequestType;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the field rule tables of every payload type through the decoder. */
class PayloadFieldRulesTest {
    private static final String INVALID =
            "dev.provisioning.contracts.payload.PayloadRuleCases#invalid";
    private static final String VALID = "dev.provisioning.contracts.payload.PayloadRuleCases#valid";

    @ParameterizedTest(name = "{0}")
    @MethodSource(INVALID)
    void decode_brokenFieldRule_fieldViolations(FieldRuleCase row) {
        DecodedRequest.Rejected rejected = rejected(decode(row.document()));

        assertThat(rejected.reason()).isEqualTo(Reason.FIELD_VIOLATIONS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(INVALID)
    void decode_brokenFieldRule_namesExactlyItsFields(FieldRuleCase row) {
        DecodedRequest.Rejected rejected = rejected(decode(row.document()));

        assertThat(violationFields(rejected))
                .containsExactlyInAnyOrderElementsOf(row.violationFields());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(INVALID)
    void decode_brokenFieldRule_descriptionRepeatsNoValue(FieldRuleCase row) {
        DecodedRequest.Rejected rejected = rejected(decode(row.document()));

        assertThat(rejected.message()).doesNotContain("Client\u0007", "prj 1", "tier=gold");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(VALID)
    void decode_valueAtEdgeOfRule_accepted(FieldRuleCase row) {
        DecodedRequest decoded = decode(row.document());

        assertThat(accepted(decoded).type()).isEqualTo(row.type());
    }

    @Test
    void invalidTable_coversEveryRequestType() {
        Set<RequestType> covered =
                PayloadRuleCases.invalid().map(FieldRuleCase::type).collect(Collectors.toSet());

        assertThat(covered).containsExactlyInAnyOrder(RequestType.values());
    }
}
