package dev.provisioning.contracts;

import dev.provisioning.contracts.payload.RequestPayload;
import java.time.Instant;
import java.util.Objects;

/**
 * A request that passed every field rule: the envelope plus its typed payload.
 *
 * @param specVersion contract version; always {@value #SPEC_VERSION} in this version
 * @param requestId the producer's idempotency key, 1 to 128 characters of {@code [A-Za-z0-9._:-]}
 * @param accountId the acting account, same characters as requestId; for {@code account.create} the
 *     id of the account to create
 * @param type the request type; always matches the payload's record type
 * @param issuedAt when the producer issued the request
 * @param payload the type-specific fields
 * @param fingerprint hex SHA-256 of the type and the canonical payload JSON; a requestId reused
 *     with another fingerprint is rejected as IDEMPOTENCY_KEY_REUSED
 */
public record ProvisioningRequest(
        String specVersion,
        String requestId,
        String accountId,
        RequestType type,
        Instant issuedAt,
        RequestPayload payload,
        String fingerprint) {

    /** The only contract version this library reads and writes. */
    public static final String SPEC_VERSION = "1";

    public ProvisioningRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
