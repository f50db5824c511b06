package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * {@code project.delete}: deletes a project, leaving a tombstone. A project with live subprojects
 * is deleted only with {@code cascade: true}, and then together with all of them in one step.
 *
 * @param projectId the project to delete
 * @param cascade whether live subprojects are deleted too; false when absent
 */
public record ProjectDelete(String projectId, boolean cascade) implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static ProjectDelete read(FieldReader reader) {
        ProjectDelete delete =
                new ProjectDelete(
                        reader.requiredId("projectId"), reader.optionalBoolean("cascade", false));
        reader.rejectUnknownFields();
        return delete;
    }
}
