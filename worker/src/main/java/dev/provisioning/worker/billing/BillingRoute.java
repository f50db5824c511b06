package dev.provisioning.worker.billing;

import dev.provisioning.contracts.payload.BillingKind;
import java.util.Objects;

/**
 * The billing account that pays for a project or subproject, with the terms a charge needs. A route
 * is a snapshot: the apply script verifies it against the account's links before charging, so a
 * route that went stale is rejected there and never charges the wrong billing account.
 *
 * @param accountId the account that owns every entity named here
 * @param projectId the project, or the subproject's parent project
 * @param subprojectId the subproject, or null for a route of a project
 * @param billingAccountId the billing account the project links to
 * @param currency ISO 4217 code of the billing account, fixed at its creation
 * @param kind prepaid or postpaid, fixed at the billing account's creation
 */
public record BillingRoute(
        String accountId,
        String projectId,
        String subprojectId,
        String billingAccountId,
        String currency,
        BillingKind kind) {

    public BillingRoute {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(billingAccountId, "billingAccountId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(kind, "kind");
    }

    /** Returns the id this route is cached under: the subproject's id, else the project's. */
    public String entityId() {
        return subprojectId != null ? subprojectId : projectId;
    }
}
