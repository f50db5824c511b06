package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;
import java.util.Map;

/**
 * {@code subproject.update}: changes a subproject's display name and labels; it cannot be moved to
 * another parent. Labels, when given, replace the whole map.
 *
 * @param subprojectId the subproject to change
 * @param displayName new name, or null to keep it
 * @param labels new labels, or null to keep them
 */
public record SubprojectUpdate(String subprojectId, String displayName, Map<String, String> labels)
        implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static SubprojectUpdate read(FieldReader reader) {
        SubprojectUpdate update =
                new SubprojectUpdate(
                        reader.requiredId("subprojectId"),
                        reader.optionalText("displayName", FieldReader.MAX_NAME_LENGTH),
                        reader.optionalLabels("labels"));
        if (!reader.has("displayName") && !reader.has("labels")) {
            reader.reject("", "must change at least one of displayName, labels");
        }
        reader.rejectUnknownFields();
        return update;
    }
}
