package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.Reason;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class ConformanceScenariosTest {
    /** Reasons decided before a request reaches a store. */
    private static final Set<Reason> NOT_FROM_REQUESTS =
            EnumSet.of(
                    Reason.FIELD_VIOLATIONS,
                    Reason.UNKNOWN_REQUEST_TYPE,
                    Reason.UNSUPPORTED_SPEC_VERSION,
                    Reason.KEY_MISMATCH);

    @Test
    void scenarios_together_reachEveryStoreReason() {
        Set<String> seen = new HashSet<>();
        boolean replayed = false;

        for (Arguments scenario : ConformanceScenarios.all().toList()) {
            InMemoryAccountStore store = new InMemoryAccountStore(ConformanceScenarios.LIMITS);
            @SuppressWarnings("unchecked")
            List<String> documents = (List<String>) scenario.get()[1];
            for (String document : documents) {
                StoreOutcome outcome =
                        store.apply(RequestDocuments.decode(document), Instant.EPOCH, null)
                                .result();
                seen.add(outcome.reason() == null ? "OK" : outcome.reason());
                replayed |= outcome.replayed();
            }
        }

        Set<String> expected = new HashSet<>(Set.of("OK"));
        EnumSet.complementOf(EnumSet.copyOf(NOT_FROM_REQUESTS))
                .forEach(reason -> expected.add(reason.name()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(replayed).isTrue();
    }
}
