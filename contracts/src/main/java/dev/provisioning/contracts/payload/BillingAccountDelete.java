package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * {@code billing-account.delete}: deletes a billing account that no live project links to and that
 * is not the account's last one. Leaves a tombstone.
 *
 * @param billingAccountId the billing account to delete
 */
public record BillingAccountDelete(String billingAccountId) implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static BillingAccountDelete read(FieldReader reader) {
        BillingAccountDelete delete =
                new BillingAccountDelete(reader.requiredId("billingAccountId"));
        reader.rejectUnknownFields();
        return delete;
    }
}
