package dev.provisioning.worker.account;

import java.time.Duration;

/**
 * Configured bounds of one account's hierarchy and of idempotency memory.
 *
 * @param maxBillingAccounts live billing accounts per account
 * @param maxProjects live projects per account
 * @param maxSubprojectsPerProject live subprojects per project
 * @param requestRetention how long a requestId (and a usageId) is remembered. Limitation: a retry
 *     that arrives later is applied as a new request, so a credit or a charge redelivered after the
 *     retention is applied twice (creates answer ENTITY_EXISTS instead).
 */
public record Limits(
        int maxBillingAccounts,
        int maxProjects,
        int maxSubprojectsPerProject,
        Duration requestRetention) {

    /** Defaults sized for an application service provider with many clients per project. */
    public static final Limits DEFAULTS = new Limits(20, 1_000, 100_000, Duration.ofDays(7));
}
