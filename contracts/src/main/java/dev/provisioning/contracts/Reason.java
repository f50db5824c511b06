package dev.provisioning.contracts;

/**
 * Stable machine-readable reasons that refine a {@link ResultCode}. Programs switch on these; the
 * human-readable {@code message} may change between versions, the reason never does.
 *
 * <p>Results carry the reason as a string, so a consumer built against an older contracts version
 * still reads results that carry a newer reason.
 */
public enum Reason {
    /** INVALID_ARGUMENT: one or more fields break their rules; see {@code violations}. */
    FIELD_VIOLATIONS(ResultCode.INVALID_ARGUMENT),
    /** INVALID_ARGUMENT: {@code type} names no request type this worker knows. */
    UNKNOWN_REQUEST_TYPE(ResultCode.INVALID_ARGUMENT),
    /** INVALID_ARGUMENT: {@code specVersion} is not one this worker reads. */
    UNSUPPORTED_SPEC_VERSION(ResultCode.INVALID_ARGUMENT),
    /** INVALID_ARGUMENT: the Kafka record key differs from {@code accountId}. */
    KEY_MISMATCH(ResultCode.INVALID_ARGUMENT),

    /** NOT_FOUND: the acting account does not exist. */
    ACCOUNT_NOT_FOUND(ResultCode.NOT_FOUND),
    /** NOT_FOUND: the named billing account does not exist in the acting account. */
    BILLING_ACCOUNT_NOT_FOUND(ResultCode.NOT_FOUND),
    /** NOT_FOUND: the named project does not exist in the acting account. */
    PROJECT_NOT_FOUND(ResultCode.NOT_FOUND),
    /** NOT_FOUND: a subproject's parent is not a live project of the acting account. */
    PARENT_NOT_FOUND(ResultCode.NOT_FOUND),
    /** NOT_FOUND: the named subproject does not exist in the acting account. */
    SUBPROJECT_NOT_FOUND(ResultCode.NOT_FOUND),

    /** ALREADY_EXISTS: an account with this id exists; {@code resource} holds it. */
    ACCOUNT_EXISTS(ResultCode.ALREADY_EXISTS),
    /** ALREADY_EXISTS: a live subproject of the parent has this externalRef; it is returned. */
    EXTERNAL_REF_TAKEN(ResultCode.ALREADY_EXISTS),
    /**
     * ALREADY_EXISTS: the entity this request creates exists already, because the same request was
     * applied before its requestId was forgotten; {@code resource} holds the entity.
     */
    ENTITY_EXISTS(ResultCode.ALREADY_EXISTS),
    /** ALREADY_EXISTS: this usageId was recorded by another request. */
    USAGE_ALREADY_RECORDED(ResultCode.ALREADY_EXISTS),

    /** FAILED_PRECONDITION: the requestId was used before with a different payload. */
    IDEMPOTENCY_KEY_REUSED(ResultCode.FAILED_PRECONDITION),
    /** FAILED_PRECONDITION: a prepaid balance would go below zero. */
    INSUFFICIENT_FUNDS(ResultCode.FAILED_PRECONDITION),
    /** FAILED_PRECONDITION: a postpaid amount owed would pass the credit limit. */
    CREDIT_LIMIT_EXCEEDED(ResultCode.FAILED_PRECONDITION),
    /** FAILED_PRECONDITION: the amount's currency is not the billing account's currency. */
    CURRENCY_MISMATCH(ResultCode.FAILED_PRECONDITION),
    /** FAILED_PRECONDITION: the account would lose its last live billing account. */
    LAST_BILLING_ACCOUNT(ResultCode.FAILED_PRECONDITION),
    /** FAILED_PRECONDITION: projects still link to the billing account; they are named. */
    BILLING_ACCOUNT_IN_USE(ResultCode.FAILED_PRECONDITION),
    /** FAILED_PRECONDITION: the account would lose its last live project. */
    LAST_PROJECT(ResultCode.FAILED_PRECONDITION),
    /** FAILED_PRECONDITION: the project has live subprojects and {@code cascade} was not set. */
    HAS_SUBPROJECTS(ResultCode.FAILED_PRECONDITION),
    /** FAILED_PRECONDITION: a credit to a postpaid billing account exceeds the amount owed. */
    CREDIT_EXCEEDS_OWED(ResultCode.FAILED_PRECONDITION),
    /** FAILED_PRECONDITION: the field can only be set on another kind of billing account. */
    WRONG_BILLING_KIND(ResultCode.FAILED_PRECONDITION),

    /** RESOURCE_EXHAUSTED: a configured count limit would be passed. */
    LIMIT_EXCEEDED(ResultCode.RESOURCE_EXHAUSTED),
    /** RESOURCE_EXHAUSTED: a balance or total would pass the largest amount the worker stores. */
    AMOUNT_LIMIT_EXCEEDED(ResultCode.RESOURCE_EXHAUSTED);

    private final ResultCode code;

    Reason(ResultCode code) {
        this.code = code;
    }

    /** Returns the code that every result with this reason carries. */
    public ResultCode code() {
        return code;
    }
}
