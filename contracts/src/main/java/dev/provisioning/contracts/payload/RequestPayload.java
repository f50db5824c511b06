package dev.provisioning.contracts.payload;

/**
 * The type-specific part of a request, read from the envelope's {@code payload} object. Each
 * permitted record documents its fields and the rules checked before any state is read.
 */
public sealed interface RequestPayload
        permits AccountCreate,
                BillingAccountCreate,
                BillingAccountUpdate,
                BillingAccountCredit,
                BillingAccountDelete,
                ProjectCreate,
                ProjectUpdate,
                ProjectLinkBillingAccount,
                ProjectDelete,
                SubprojectCreate,
                SubprojectUpdate,
                SubprojectDelete,
                UsageRecord {}
