package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * {@code billing-account.credit}: tops up a prepaid balance, or pays down a postpaid amount owed
 * (the excess over the amount owed is kept as a balance on prepaid accounts only).
 *
 * @param billingAccountId the billing account to credit
 * @param amountMicros amount in micro-units, greater than zero
 * @param currency must equal the billing account's currency (CURRENCY_MISMATCH otherwise)
 */
public record BillingAccountCredit(String billingAccountId, long amountMicros, String currency)
        implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static BillingAccountCredit read(FieldReader reader) {
        BillingAccountCredit credit =
                new BillingAccountCredit(
                        reader.requiredId("billingAccountId"),
                        reader.requiredAmount("amount", false),
                        reader.requiredCurrency("currency"));
        reader.rejectUnknownFields();
        return credit;
    }
}
