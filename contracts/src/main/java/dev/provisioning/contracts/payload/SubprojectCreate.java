package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;
import java.util.Map;

/**
 * {@code subproject.create}: adds a subproject under a live project of the acting account, usually
 * one per client of an application service provider.
 *
 * @param parentProjectId the parent; must be a live project, never a subproject
 * @param displayName 1 to 255 characters, not unique
 * @param externalRef the provider's own client id, 1 to 255 characters, unique among the live
 *     subprojects of the parent; null for none
 * @param labels labels, or null for none
 */
public record SubprojectCreate(
        String parentProjectId, String displayName, String externalRef, Map<String, String> labels)
        implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static SubprojectCreate read(FieldReader reader) {
        SubprojectCreate create =
                new SubprojectCreate(
                        reader.requiredId("parentProjectId"),
                        reader.requiredText("displayName", FieldReader.MAX_NAME_LENGTH),
                        reader.optionalText("externalRef", FieldReader.MAX_NAME_LENGTH),
                        reader.optionalLabels("labels"));
        reader.rejectUnknownFields();
        return create;
    }
}
