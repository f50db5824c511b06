package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * The billing account to create, as part of a sign-up or on its own.
 *
 * @param displayName 1 to 255 characters; null in a sign-up means "the account's display name"
 * @param kind prepaid or postpaid; fixed at creation
 * @param currency ISO 4217 code; fixed at creation
 * @param payer who pays
 * @param creditLimitMicros postpaid credit limit in micro-units, or -1 for none; only for POSTPAID
 */
public record NewBillingAccount(
        String displayName,
        BillingKind kind,
        String currency,
        Payer payer,
        long creditLimitMicros) {

    static NewBillingAccount read(FieldReader reader, boolean displayNameRequired) {
        String displayName =
                displayNameRequired
                        ? reader.requiredText("displayName", FieldReader.MAX_NAME_LENGTH)
                        : reader.optionalText("displayName", FieldReader.MAX_NAME_LENGTH);
        BillingKind kind = reader.requiredEnum("kind", BillingKind.class);
        String currency = reader.requiredCurrency("currency");
        FieldReader payerReader = reader.requiredObject("payer");
        Payer payer = payerReader == null ? null : Payer.read(payerReader);
        long creditLimit = reader.optionalAmount("creditLimit", true);
        if (creditLimit >= 0 && kind == BillingKind.PREPAID) {
            reader.reject("creditLimit", "is only allowed for POSTPAID billing accounts");
        }
        reader.rejectUnknownFields();
        return new NewBillingAccount(displayName, kind, currency, payer, creditLimit);
    }
}
