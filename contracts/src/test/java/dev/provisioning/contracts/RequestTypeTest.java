package dev.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequestTypeTest {

    @ParameterizedTest
    @EnumSource(RequestType.class)
    void fromWireName_ownWireName_findsType(RequestType type) {
        assertThat(RequestType.fromWireName(type.wireName())).contains(type);
    }

    @Test
    void fromWireName_unknownName_empty() {
        assertThat(RequestType.fromWireName("SUBPROJECT_CREATE")).isEmpty();
    }

    /** The lookup map rejects null keys, so a request without a type crashed the decoder. */
    @Test
    void fromWireName_null_empty() {
        assertThat(RequestType.fromWireName(null)).isEmpty();
    }
}
