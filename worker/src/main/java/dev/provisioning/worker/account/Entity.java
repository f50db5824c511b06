package dev.provisioning.worker.account;

import dev.provisioning.contracts.payload.BillingKind;
import dev.provisioning.contracts.payload.Payer;
import java.util.Map;

/**
 * One entity of an account's hierarchy as {@link InMemoryAccountStore} keeps it. Each kind has its
 * own id space in requests, but all share one lookup table, so an id of one kind named where
 * another is expected is "not found", as in the apply script.
 */
sealed interface Entity {

    Lifecycle lifecycle();

    default boolean isLive() {
        return !lifecycle().deleted();
    }

    /** The account itself, the root of the hierarchy. */
    record Account(String accountId, String displayName, Lifecycle lifecycle) implements Entity {}

    /**
     * A billing account. Balance and amount owed live in {@link Funds}, because they change without
     * a new version.
     *
     * @param creditLimitMicros postpaid credit limit in micro-units, or -1 for none
     */
    record BillingAccount(
            String billingAccountId,
            String accountId,
            String displayName,
            BillingKind kind,
            String currency,
            Payer payer,
            long creditLimitMicros,
            Lifecycle lifecycle)
            implements Entity {

        boolean hasCreditLimit() {
            return creditLimitMicros >= 0;
        }

        BillingAccount withLifecycle(Lifecycle next) {
            return new BillingAccount(
                    billingAccountId,
                    accountId,
                    displayName,
                    kind,
                    currency,
                    payer,
                    creditLimitMicros,
                    next);
        }
    }

    /** A project, linked to the billing account that pays for it and its subprojects. */
    record Project(
            String projectId,
            String accountId,
            String billingAccountId,
            String displayName,
            Map<String, String> labels,
            Lifecycle lifecycle)
            implements Entity {

        Project withLifecycle(Lifecycle next) {
            return new Project(projectId, accountId, billingAccountId, displayName, labels, next);
        }
    }

    /**
     * A subproject of a live project.
     *
     * @param externalRef the provider's own client id, or null
     * @param labels labels, or null when never set
     */
    record Subproject(
            String subprojectId,
            String accountId,
            String parentProjectId,
            String displayName,
            String externalRef,
            Map<String, String> labels,
            Lifecycle lifecycle)
            implements Entity {

        Subproject withLifecycle(Lifecycle next) {
            return new Subproject(
                    subprojectId,
                    accountId,
                    parentProjectId,
                    displayName,
                    externalRef,
                    labels,
                    next);
        }
    }
}
