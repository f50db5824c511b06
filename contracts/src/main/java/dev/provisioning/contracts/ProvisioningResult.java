package dev.provisioning.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The one answer the worker publishes for each request, on the result topic keyed by accountId.
 *
 * @param specVersion contract version, {@value ProvisioningRequest#SPEC_VERSION}
 * @param requestId the request's requestId
 * @param accountId the request's accountId, or null when the request carried no valid one
 * @param type the request's type as sent, or null when it carried none
 * @param status SUCCEEDED when state changed (or a retried request had succeeded), else REJECTED
 * @param code OK for SUCCEEDED; otherwise the coarse failure class
 * @param reason stable UPPER_SNAKE refinement of the code (see {@link Reason}); null for OK
 * @param message human-readable explanation; may change between versions, never parse it
 * @param violations broken field rules for INVALID_ARGUMENT; empty otherwise
 * @param resource the created or changed entity with its version, or null. For {@code
 *     account.create} an object with {@code account}, {@code billingAccount} and {@code project};
 *     for {@code project.delete}, the project with a {@code deletedSubprojectCount}; for {@code
 *     usage.record}, the charge. Of the rejections, ACCOUNT_EXISTS carries an object with only
 *     {@code account}, EXTERNAL_REF_TAKEN the existing subproject, and BILLING_ACCOUNT_IN_USE the
 *     {@code linkedProjectIds} and {@code linkedProjectCount} of the billing account; the others
 *     carry none. {@code result.schema.json} gives each shape.
 * @param processedAt when the worker first decided the request; a redelivered request repeats the
 *     first result, this field included
 */
public record ProvisioningResult(
        String specVersion,
        String requestId,
        String accountId,
        String type,
        ResultStatus status,
        ResultCode code,
        String reason,
        String message,
        List<Violation> violations,
        JsonNode resource,
        Instant processedAt) {

    public ProvisioningResult {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        violations = violations == null ? List.of() : List.copyOf(violations);
    }
}
