package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;
import java.util.Map;

/**
 * {@code project.create}: adds a project linked to a billing account of the acting account.
 *
 * @param displayName 1 to 255 characters, not unique
 * @param billingAccountId billing account to link, or null for the account's first live one
 * @param labels labels, or null for none
 */
public record ProjectCreate(String displayName, String billingAccountId, Map<String, String> labels)
        implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static ProjectCreate read(FieldReader reader) {
        ProjectCreate create =
                new ProjectCreate(
                        reader.requiredText("displayName", FieldReader.MAX_NAME_LENGTH),
                        reader.optionalId("billingAccountId"),
                        reader.optionalLabels("labels"));
        reader.rejectUnknownFields();
        return create;
    }
}
