package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * {@code account.create}: sign-up. Creates the account named by the envelope's accountId, its first
 * billing account and its first project linked to it, in one step.
 *
 * @param displayName the account's name, 1 to 255 characters
 * @param billingAccount the first billing account
 * @param projectDisplayName the first project's name; {@value #DEFAULT_PROJECT_NAME} when the
 *     optional {@code project} object is absent
 */
public record AccountCreate(
        String displayName, NewBillingAccount billingAccount, String projectDisplayName)
        implements RequestPayload {

    /** Name of the first project when the sign-up names none. */
    public static final String DEFAULT_PROJECT_NAME = "Default project";

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static AccountCreate read(FieldReader reader) {
        String displayName = reader.requiredText("displayName", FieldReader.MAX_NAME_LENGTH);
        FieldReader billingReader = reader.requiredObject("billingAccount");
        NewBillingAccount billing =
                billingReader == null ? null : NewBillingAccount.read(billingReader, false);
        String projectName = DEFAULT_PROJECT_NAME;
        FieldReader projectReader = reader.optionalObject("project");
        if (projectReader != null) {
            projectName = projectReader.requiredText("displayName", FieldReader.MAX_NAME_LENGTH);
            projectReader.rejectUnknownFields();
        }
        reader.rejectUnknownFields();
        return new AccountCreate(displayName, billing, projectName);
    }
}
