package dev.provisioning.worker.account;

import dev.provisioning.contracts.payload.BillingKind;
import dev.provisioning.worker.billing.BillingRoute;
import java.util.List;

/**
 * Reads the billing route that both scripts return as {projectId, subprojectId or "",
 * billingAccountId, currency, kind}, or as an empty array when there is none.
 */
final class RouteFields {
    private RouteFields() {}

    /** Returns the route of the account, or null for an empty array. */
    static BillingRoute read(String accountId, List<?> fields) {
        if (fields.isEmpty()) {
            return null;
        }
        if (fields.size() != 5) {
            throw new IllegalStateException("a script returned a malformed route: " + fields);
        }
        String subprojectId = String.valueOf(fields.get(1));
        return new BillingRoute(
                accountId,
                String.valueOf(fields.get(0)),
                subprojectId.isEmpty() ? null : subprojectId,
                String.valueOf(fields.get(2)),
                String.valueOf(fields.get(3)),
                BillingKind.valueOf(String.valueOf(fields.get(4))));
    }
}
