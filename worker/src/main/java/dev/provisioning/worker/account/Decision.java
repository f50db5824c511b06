package dev.provisioning.worker.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import java.util.List;

/**
 * What a rule decided for one request. A rejection changes nothing, so it names no changed entity.
 *
 * @param reason why the request was rejected, or null when it succeeded
 * @param message human-readable explanation, word for word as the apply script writes it
 * @param resource the entity or charge for the result, or null
 * @param changedIds ids of the entities whose state changed, in changelog order; {@link
 *     AccountState#ACCOUNT_ENTRY} stands for the account itself
 */
record Decision(Reason reason, String message, JsonNode resource, List<String> changedIds) {

    Decision {
        changedIds = List.copyOf(changedIds);
    }

    static Decision ok(String message, JsonNode resource, List<String> changedIds) {
        return new Decision(null, message, resource, changedIds);
    }

    static Decision rejected(Reason reason, String message, JsonNode resource) {
        return new Decision(reason, message, resource, List.of());
    }

    static Decision rejected(Reason reason, String message) {
        return rejected(reason, message, null);
    }

    /**
     * Answers a create whose derived id is taken: the same request was applied before its requestId
     * was forgotten, so the entity is returned instead of being overwritten.
     */
    static Decision alreadyCreated(String entityName, String id, JsonNode existing) {
        return rejected(
                Reason.ENTITY_EXISTS,
                entityName
                        + " "
                        + id
                        + " already exists: this request was applied before its requestId was"
                        + " forgotten",
                existing);
    }

    static Decision notFound(Reason reason, String entityName, String id, String accountId) {
        return rejected(reason, entityName + " " + id + " not found in account " + accountId);
    }

    ResultStatus status() {
        return reason == null ? ResultStatus.SUCCEEDED : ResultStatus.REJECTED;
    }

    ResultCode code() {
        return reason == null ? ResultCode.OK : reason.code();
    }
}
