package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * {@code billing-account.update}: changes the name, payer or credit limit. Kind and currency are
 * fixed at creation. At least one of the optional fields must be present.
 *
 * @param billingAccountId the billing account to change
 * @param displayName new name, or null to keep it
 * @param payer new payer, or null to keep it
 * @param creditLimitMicros new credit limit in micro-units, or -1 to keep it; only POSTPAID
 *     accounts take one (FAILED_PRECONDITION/WRONG_BILLING_KIND otherwise)
 */
public record BillingAccountUpdate(
        String billingAccountId, String displayName, Payer payer, long creditLimitMicros)
        implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static BillingAccountUpdate read(FieldReader reader) {
        String id = reader.requiredId("billingAccountId");
        String displayName = reader.optionalText("displayName", FieldReader.MAX_NAME_LENGTH);
        FieldReader payerReader = reader.optionalObject("payer");
        Payer payer = payerReader == null ? null : Payer.read(payerReader);
        long creditLimit = reader.optionalAmount("creditLimit", true);
        boolean anyChange =
                reader.has("displayName") || reader.has("payer") || reader.has("creditLimit");
        if (!anyChange) {
            reader.reject("", "must change at least one of displayName, payer, creditLimit");
        }
        reader.rejectUnknownFields();
        return new BillingAccountUpdate(id, displayName, payer, creditLimit);
    }
}
