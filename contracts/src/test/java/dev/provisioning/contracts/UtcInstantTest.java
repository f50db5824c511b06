package dev.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcInstantTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-04T10:00:00Z",
                "2026-12-04T10:00:00.1Z",
                "2026-12-04T10:00:00.123456789Z",
                "2024-02-29T23:59:59Z",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z"
            })
    void parseUtcInstant_commonForm_sameAsInstantParse(String text) {
        assertThat(RequestDecoder.parseUtcInstant(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-04T10:00:00+01:00",
                "2026-12-04T23:59:60Z",
                "2025-02-29T10:00:00Z",
                "2026-13-04T10:00:00Z",
                "2026-12-04T24:00:00Z",
                "2026-12-04t10:00:00z",
                "2026-12-04T10:00:00.Z",
                "2026-12-04T10:00:00.1234567890Z",
                "2026-12-04 10:00:00Z",
                "+2026-12-04T10:00:00Z"
            })
    void parseUtcInstant_otherForms_leftToFullRule(String text) {
        assertThat(RequestDecoder.parseUtcInstant(text)).isNull();
    }
}
