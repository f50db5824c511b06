package dev.provisioning.worker.billing;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Reads the current billing route of a project or subproject from the account state. */
public interface RouteSource {

    /**
     * Reads the route of one live project or subproject of an account.
     *
     * @return the route, or empty when the account has no live project or subproject with that id;
     *     fails for transient store errors
     */
    CompletionStage<Optional<BillingRoute>> fetch(String accountId, String entityId);
}
