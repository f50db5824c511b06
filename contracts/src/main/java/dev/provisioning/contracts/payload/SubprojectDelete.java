package dev.provisioning.contracts.payload;

import dev.provisioning.contracts.FieldReader;

/**
 * {@code subproject.delete}: deletes a subproject, leaving a tombstone and freeing its externalRef
 * for a new subproject of the same parent.
 *
 * @param subprojectId the subproject to delete
 */
public record SubprojectDelete(String subprojectId) implements RequestPayload {

    /** Reads the payload, recording every broken rule in the reader's violations. */
    public static SubprojectDelete read(FieldReader reader) {
        SubprojectDelete delete = new SubprojectDelete(reader.requiredId("subprojectId"));
        reader.rejectUnknownFields();
        return delete;
    }
}
