package dev.provisioning.contracts.payload;

/** How a billing account pays: from a balance topped up in advance, or by accruing debt. */
public enum BillingKind {
    /** Charges draw on a balance that never goes below zero. */
    PREPAID,
    /** Charges accrue an amount owed, up to an optional credit limit. */
    POSTPAID
}
