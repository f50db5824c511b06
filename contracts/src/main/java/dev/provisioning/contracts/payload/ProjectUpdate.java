package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;
import java.util.Map;

/**
 * {@code project.update}: changes a project's display name and labels. Labels, when given, replace
 * the whole map. At least one of the two must be present.
 *
 * @param projectId the project to change
 * @param displayName new name, or null to keep it
 * @param labels new labels, or null to keep them
 */
public record ProjectUpdate(String projectId, String displayName, Map<String, String> labels)
        implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static ProjectUpdate read(FieldReader reader) {
        ProjectUpdate update =
                new ProjectUpdate(
                        reader.requiredId("projectId"),
                        reader.optionalText("displayName", FieldReader.MAX_NAME_LENGTH),
                        reader.optionalLabels("labels"));
        if (!reader.has("displayName") && !reader.has("labels")) {
            reader.reject("", "must change at least one of displayName, labels");
        }
        reader.rejectUnknownFields();
        return update;
    }
}
