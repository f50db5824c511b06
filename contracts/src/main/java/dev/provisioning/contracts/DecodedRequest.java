package dev.provisioning.contracts;

import java.util.List;

/**
 * What reading one record value gave: a valid request, a request to reject, or bytes that cannot be
 * read as a request at all.
 */
public sealed interface DecodedRequest {

    /** A request that passed every field rule; the worker applies it. */
    record Accepted(ProvisioningRequest request) implements DecodedRequest {}

    /**
     * A readable request that breaks a field rule; the worker answers it with a REJECTED result
     * without reading any state.
     *
     * @param requestId the request's valid requestId
     * @param accountId the accountId if it is a valid id, else null
     * @param type the type as sent if it is a string, else null
     * @param reason why it was rejected; its code is {@code reason.code()}
     * @param message a human-readable summary that never echoes field values
     * @param violations every broken field rule, possibly empty
     */
    record Rejected(
            String requestId,
            String accountId,
            String type,
            Reason reason,
            String message,
            List<Violation> violations)
            implements DecodedRequest {
        public Rejected {
            violations = List.copyOf(violations);
        }
    }

    /**
     * Bytes that are not a request: not JSON, not an object, over a size limit, or without a usable
     * requestId. The worker sends them to the dead-letter topic.
     *
     * <p>The error words are {@code EMPTY_VALUE} (null or zero bytes), {@code TOO_LARGE} (over
     * {@link RequestDecoder#MAX_DOCUMENT_BYTES}), {@code NOT_UTF8} (invalid UTF-8, or UTF-16 or
     * UTF-32 text), {@code NOT_JSON} (a syntax error, cut-off text or data after the value), {@code
     * DUPLICATE_KEY} (a key repeated in one object), {@code LIMIT_EXCEEDED} (nesting, string,
     * number or token count over the decoder's limits), {@code NOT_AN_OBJECT} (a JSON value that is
     * not an object) and {@code INVALID_REQUEST_ID} (requestId missing or not a valid id).
     *
     * @param error a stable UPPER_SNAKE word from the list above
     * @param message what was wrong, never echoing the bytes
     */
    record Unreadable(String error, String message) implements DecodedRequest {}
}
