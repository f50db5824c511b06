package dev.provisioning.worker.account;

import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.worker.billing.BillingRoute;
import io.vertx.core.Future;
import java.time.Instant;

/** Applies valid requests to the state of their account, atomically and idempotently. */
public interface AccountStore {

    /**
     * Applies one request: checks every rule against the account's state, writes the change and
     * remembers the outcome under the requestId, all in one atomic step. A requestId seen before
     * returns its first outcome with {@code replayed} set and changes nothing.
     *
     * @param now the decision time, stored as the result's processedAt
     * @param hint the cached billing route of a usage record, or null. The store verifies it
     *     atomically with the charge and resolves the route itself when it is stale, so a stale
     *     hint costs a slower charge, never a wrong one.
     * @return the outcome; fails only for transient store errors, which are safe to retry
     */
    Future<StoreOutcome> apply(ProvisioningRequest request, Instant now, BillingRoute hint);
}
