package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * {@code billing-account.create}: adds a billing account to the acting account.
 *
 * @param billingAccount the billing account; its displayName is required here
 */
public record BillingAccountCreate(NewBillingAccount billingAccount) implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static BillingAccountCreate read(FieldReader reader) {
        return new BillingAccountCreate(NewBillingAccount.read(reader, true));
    }
}
