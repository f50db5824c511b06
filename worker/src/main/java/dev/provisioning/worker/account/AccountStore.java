package dev.provisioning.worker.account;

import dev.provisioning.contracts.ProvisioningRequest;
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
     * @return the outcome; fails only for transient store errors, which are safe to retry
     */
    Future<StoreOutcome> apply(ProvisioningRequest request, Instant now);
}
