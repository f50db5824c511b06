package dev.provisioning.contracts;

/**
 * The coarse outcome of a request, modelled on the canonical gRPC status codes so that callers can
 * map it to retry policy without knowing each reason.
 *
 * <ul>
 *   <li>{@link #OK}: applied; the only code with status {@code SUCCEEDED}.
 *   <li>{@link #INVALID_ARGUMENT}: the request itself is malformed; resending it unchanged fails
 *       again, whatever the state.
 *   <li>{@link #NOT_FOUND}: a named entity does not exist, is deleted, or belongs to another
 *       account (the answer is the same in all three cases).
 *   <li>{@link #ALREADY_EXISTS}: the entity to create exists already; {@code resource} holds it.
 *   <li>{@link #FAILED_PRECONDITION}: the current state forbids the change (funds, links, last
 *       entity, reused idempotency key).
 *   <li>{@link #RESOURCE_EXHAUSTED}: a configured limit would be passed.
 * </ul>
 */
public enum ResultCode {
    OK,
    INVALID_ARGUMENT,
    NOT_FOUND,
    ALREADY_EXISTS,
    FAILED_PRECONDITION,
    RESOURCE_EXHAUSTED
}
