package dev.provisioning.contracts;

/** Whether a request changed state ({@code SUCCEEDED}) or was turned down ({@code REJECTED}). */
public enum ResultStatus {
    SUCCEEDED,
    REJECTED
}
