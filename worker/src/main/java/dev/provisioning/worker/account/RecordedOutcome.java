package dev.provisioning.worker.account;

import java.util.List;

/**
 * The first outcome of a requestId, kept so that a repeat of the same request gets the same
 * outcome. The changelog is not kept: a repeat publishes the current state of the same entities.
 *
 * @param fingerprint the request's fingerprint; a repeat with another one is rejected
 * @param decision the first decision
 * @param processedAt when the first decision was made
 */
record RecordedOutcome(String fingerprint, Decision decision, String processedAt) {

    List<String> changedIds() {
        return decision.changedIds();
    }
}
