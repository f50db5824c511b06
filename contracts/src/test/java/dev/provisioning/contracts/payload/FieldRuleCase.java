package dev.provisioning.contracts.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.contracts.Edit;
import dev.provisioning.contracts.RequestType;
import dev.provisioning.contracts.Samples;
import java.util.List;

/**
 * One row of a field rule table: edits to the valid sample request of a type, and the violation
 * paths the decoder must report for the edited request (empty when it must be accepted).
 *
 * @param type the request type whose sample is edited
 * @param edits the changes, applied in order
 * @param violationFields the expected violation paths, in any order
 */
public record FieldRuleCase(RequestType type, List<Edit> edits, List<String> violationFields) {

    /** Returns the edited request document. */
    public ObjectNode document() {
        return Samples.edited(Samples.request(type), edits);
    }

    @Override
    public String toString() {
        return type.wireName()
                + ": "
                + String.join(", ", edits.stream().map(Edit::toString).toList());
    }
}
