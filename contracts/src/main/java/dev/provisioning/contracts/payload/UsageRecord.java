package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * {@code usage.record}: charges usage to the billing account that pays for a project or subproject,
 * and adds it to the usage totals of the subproject, its project and that billing account.
 *
 * @param usageId the meter's id of this usage; a usageId is charged at most once per account
 * @param projectId the project used, or null when {@code subprojectId} is given
 * @param subprojectId the subproject used, or null when {@code projectId} is given
 * @param amountMicros charge in micro-units, greater than zero
 * @param currency must equal the paying billing account's currency
 * @param quantity units consumed (messages, minutes), 1 when absent
 * @param product product name such as {@code sms.outbound}, or null
 */
public record UsageRecord(
        String usageId,
        String projectId,
        String subprojectId,
        long amountMicros,
        String currency,
        long quantity,
        String product)
        implements RequestPayload {

    /** Largest accepted quantity. */
    public static final long MAX_QUANTITY = 1_000_000_000_000L;

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static UsageRecord read(FieldReader reader) {
        String usageId = reader.requiredId("usageId");
        String projectId = reader.optionalId("projectId");
        String subprojectId = reader.optionalId("subprojectId");
        if (reader.has("projectId") == reader.has("subprojectId")) {
            reader.reject("", "must name exactly one of projectId, subprojectId");
        }
        long amount = reader.requiredAmount("amount", false);
        String currency = reader.requiredCurrency("currency");
        Long quantity = reader.optionalWholeNumber("quantity", 1, MAX_QUANTITY);
        String product = reader.optionalText("product", FieldReader.MAX_NAME_LENGTH);
        reader.rejectUnknownFields();
        return new UsageRecord(
                usageId,
                projectId,
                subprojectId,
                amount,
                currency,
                quantity == null ? 1 : quantity,
                product);
    }
}
