package dev.provisioning.worker.billing;

/** The apply script's verdict on the billing route sent with a usage record. */
public enum HintCheck {
    /** No route was sent, or the request was not charged (a replay, another request type). */
    NO_HINT,
    /** The route was proven current and the charge used it without reading any document. */
    VERIFIED,
    /** The route no longer matched the account's links; the script resolved the route itself. */
    STALE
}
