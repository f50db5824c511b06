package dev.provisioning.worker.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;

/**
 * An {@link InMemoryAccountStore} with one signed-up account, for rule tests. Each applied request
 * is decided one second after the previous one.
 */
final class InMemoryFixture {
    static final String ACCOUNT = "acc-7";
    static final Limits LIMITS = new Limits(2, 3, 2, Duration.ofHours(1));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryAccountStore store = new InMemoryAccountStore(LIMITS);
    private Instant now = Instant.parse("2026-12-04T10:00:00Z");

    /** Creates a store whose account signed up with a billing account of this kind and currency. */
    static InMemoryFixture signedUp(String kind, String currency) {
        InMemoryFixture fixture = new InMemoryFixture();
        fixture.apply(RequestDocuments.signUp("signup", ACCOUNT, kind, currency));
        return fixture;
    }

    static String firstBillingAccount() {
        return EntityIds.billingAccount(ACCOUNT, "signup");
    }

    static String firstProject() {
        return EntityIds.project(ACCOUNT, "signup");
    }

    StoreOutcome apply(String document) {
        now = now.plusSeconds(1);
        return store.apply(RequestDocuments.decode(document), now, null).result();
    }

    Instant lastDecisionTime() {
        return now;
    }

    static JsonNode resource(StoreOutcome outcome) {
        try {
            return JSON.readTree(outcome.resourceJson());
        } catch (JsonProcessingException e) {
            throw new AssertionError("resource is not JSON: " + outcome.resourceJson(), e);
        }
    }

    static JsonNode changelogState(StoreOutcome outcome, int index) {
        try {
            return JSON.readTree(outcome.changelog().get(index).stateJson());
        } catch (JsonProcessingException e) {
            throw new AssertionError("changelog entry is not JSON: " + outcome, e);
        }
    }
}
