package dev.provisioning.worker.account;

/**
 * What a rule needs besides the state and the payload.
 *
 * @param accountId the acting account
 * @param requestId the request's idempotency key, from which created ids derive
 * @param now the decision time as ISO-8601, written into created and changed entities
 * @param limits the configured count limits
 */
record RequestContext(String accountId, String requestId, String now, Limits limits) {}
