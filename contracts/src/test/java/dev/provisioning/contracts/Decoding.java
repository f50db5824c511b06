package dev.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Decodes test documents with one shared decoder and narrows the outcome for assertions. */
public final class Decoding {
    private static final RequestDecoder DECODER = new RequestDecoder();

    private Decoding() {}

    /** Decodes raw record bytes. */
    public static DecodedRequest decode(byte[] value) {
        return DECODER.decode(value);
    }

    /** Decodes a document tree written as compact JSON. */
    public static DecodedRequest decode(JsonNode document) {
        return DECODER.decode(Samples.toBytes(document));
    }

    /** Asserts that the outcome is Accepted and returns its request. */
    public static ProvisioningRequest accepted(DecodedRequest decoded) {
        assertThat(decoded).isInstanceOf(DecodedRequest.Accepted.class);
        return ((DecodedRequest.Accepted) decoded).request();
    }

    /** Asserts that the outcome is Rejected and returns it. */
    public static DecodedRequest.Rejected rejected(DecodedRequest decoded) {
        assertThat(decoded).isInstanceOf(DecodedRequest.Rejected.class);
        return (DecodedRequest.Rejected) decoded;
    }

    /** Asserts that the outcome is Unreadable and returns it. */
    public static DecodedRequest.Unreadable unreadable(DecodedRequest decoded) {
        assertThat(decoded).isInstanceOf(DecodedRequest.Unreadable.class);
        return (DecodedRequest.Unreadable) decoded;
    }

    /** Returns the field paths of a rejection's violations, in reported order. */
    public static List<String> violationFields(DecodedRequest.Rejected rejected) {
        return rejected.violations().stream().map(Violation::field).toList();
    }
}
