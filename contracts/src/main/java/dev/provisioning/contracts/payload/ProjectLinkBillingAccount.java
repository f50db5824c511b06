package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * {@code project.link-billing-account}: makes another live billing account of the same account pay
 * for the project and its subprojects, for usage recorded from this request on.
 *
 * @param projectId the project to relink
 * @param billingAccountId the billing account that pays from now on
 */
public record ProjectLinkBillingAccount(String projectId, String billingAccountId)
        implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static ProjectLinkBillingAccount read(FieldReader reader) {
        ProjectLinkBillingAccount link =
                new ProjectLinkBillingAccount(
                        reader.requiredId("projectId"), reader.requiredId("billingAccountId"));
        reader.rejectUnknownFields();
        return link;
    }
}
