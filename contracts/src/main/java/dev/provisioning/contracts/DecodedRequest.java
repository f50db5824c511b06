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
     * @param error a stable UPPER_SNAKE word such as {@code NOT_JSON}
     * @param message what was wrong, never echoing the bytes
     */
    record Unreadable(String error, String message) implements DecodedRequest {}
}
