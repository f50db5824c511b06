package dev.provisioning.worker.provisioning;

import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.RequestType;
import dev.provisioning.worker.account.StoreOutcome;

/**
 * How the pipeline handled one record, for metrics.
 *
 * @param type a known request type, or "unknown"; never a producer's free text, so that the metric
 *     labels built from it stay a small fixed set
 * @param outcome the result code, {@code DEAD_LETTER} or {@code ABANDONED}
 * @param replayed whether an earlier result was repeated
 */
public record Handled(String type, String outcome, boolean replayed) {

    static Handled applied(ProvisioningRequest request, StoreOutcome outcome) {
        return new Handled(request.type().wireName(), outcome.code().name(), outcome.replayed());
    }

    static Handled rejected(String type, Reason reason) {
        String known = RequestType.fromWireName(type).map(RequestType::wireName).orElse("unknown");
        return new Handled(known, reason.code().name(), false);
    }

    static Handled deadLetter(String error) {
        return new Handled("unknown", "DEAD_LETTER", false);
    }

    static Handled abandoned() {
        return new Handled("unknown", "ABANDONED", false);
    }
}
