package dev.provisioning.worker.bootstrap;

import dev.provisioning.contracts.ProvisioningResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, per requestId, the request records sent and the results read back, so a command can tell
 * when every record got exactly one answer. An answer is a result, or for a record without a
 * readable requestId, a dead-letter record. Results for requestIds this ledger never sent are
 * ignored, because other producers may share the result topic. Owned by one thread.
 */
final class AnswerLedger {
    private final Map<String, Integer> sent = new LinkedHashMap<>();
    private final Map<String, Integer> answered = new HashMap<>();
    private final List<ProvisioningResult> results = new ArrayList<>();
    private int deadLettersExpected;
    private int deadLettersRead;
    private int answersStillMissing;

    /** Records one request record sent with this requestId. */
    void expectResult(String requestId) {
        sent.merge(requestId, 1, Integer::sum);
        answersStillMissing++;
    }

    /**
     * Records one record sent that the worker cannot read and so moves to the dead-letter topic.
     */
    void expectDeadLetter() {
        deadLettersExpected++;
        answersStillMissing++;
    }

    /** Counts the result if it answers a request of this ledger; returns whether it did. */
    boolean recordResult(ProvisioningResult result) {
        Integer sentCount = sent.get(result.requestId());
        if (sentCount == null) {
            return false;
        }

        int answeredCount = answered.merge(result.requestId(), 1, Integer::sum);
        if (answeredCount <= sentCount) {
            answersStillMissing--;
        }
        results.add(result);
        return true;
    }

    void recordDeadLetter() {
        deadLettersRead++;
        if (deadLettersRead <= deadLettersExpected) {
            answersStillMissing--;
        }
    }

    /** Returns whether every record sent has at least one answer. */
    boolean isComplete() {
        return answersStillMissing == 0;
    }

    /** Returns whether every record sent has exactly one answer, with no extra answers. */
    boolean isAnsweredExactlyOnce() {
        if (!isComplete() || deadLettersRead != deadLettersExpected) {
            return false;
        }
        for (Map.Entry<String, Integer> entry : sent.entrySet()) {
            if (!entry.getValue().equals(answered.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    int recordsSent() {
        return sent.values().stream().mapToInt(Integer::intValue).sum() + deadLettersExpected;
    }

    int answersRead() {
        return results.size() + deadLettersRead;
    }

    int deadLettersRead() {
        return deadLettersRead;
    }

    int deadLettersExpected() {
        return deadLettersExpected;
    }

    /** Returns the results read, in reading order. */
    List<ProvisioningResult> results() {
        return List.copyOf(results);
    }

    /** Returns up to {@code limit} requestIds with fewer results than records sent. */
    List<String> unansweredRequestIds(int limit) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : sent.entrySet()) {
            if (missing.size() >= limit) {
                break;
            }
            if (answered.getOrDefault(entry.getKey(), 0) < entry.getValue()) {
                missing.add(entry.getKey());
            }
        }
        return missing;
    }

    /** Returns up to {@code limit} requestIds with more results than records sent. */
    List<String> overAnsweredRequestIds(int limit) {
        List<String> extra = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : answered.entrySet()) {
            if (extra.size() >= limit) {
                break;
            }
            if (entry.getValue() > sent.get(entry.getKey())) {
                extra.add(entry.getKey());
            }
        }
        return extra;
    }
}
