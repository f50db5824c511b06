package dev.provisioning.worker.account;

import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.billing.BillingRoute;
import dev.provisioning.worker.billing.HintCheck;
import java.util.List;

/**
 * What applying one request to an account gave, as decided inside the atomic store call.
 *
 * @param status whether state changed
 * @param code coarse outcome
 * @param reason stable reason word, or null for OK
 * @param message human-readable explanation
 * @param resourceJson the entity for the result as JSON, or null
 * @param processedAt when the request was first decided, ISO-8601; a replay repeats it
 * @param replayed true when an earlier outcome of the same requestId was returned
 * @param hintCheck what the script made of the billing route hint of a usage record
 * @param resolvedRoute the billing route the script resolved from the documents for a usage record,
 *     when it did not use a hint; null otherwise
 * @param changelog the new state of every entity the request changed
 */
public record StoreOutcome(
        ResultStatus status,
        ResultCode code,
        String reason,
        String message,
        String resourceJson,
        String processedAt,
        boolean replayed,
        HintCheck hintCheck,
        BillingRoute resolvedRoute,
        List<ChangelogEntry> changelog) {

    public StoreOutcome {
        changelog = List.copyOf(changelog);
    }
}
