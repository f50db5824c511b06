package dev.provisioning.worker.account;

import java.util.List;

/**
 * What a requestId was answered with, kept so that a repeat of the same request gets the same
 * answer. The changelog is not kept: a repeat publishes the current state of the same entities.
 *
 * @param fingerprint the request's fingerprint; a repeat with another one is rejected
 * @param decision the first answer
 * @param processedAt when the first answer was decided
 */
record RecordedOutcome(String fingerprint, Decision decision, String processedAt) {

    List<String> changedIds() {
        return decision.changedIds();
    }
}
