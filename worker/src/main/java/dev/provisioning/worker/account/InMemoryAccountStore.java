package dev.provisioning.worker.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.contracts.payload.AccountCreate;
import dev.provisioning.contracts.payload.BillingAccountCreate;
import dev.provisioning.contracts.payload.BillingAccountCredit;
import dev.provisioning.contracts.payload.BillingAccountDelete;
import dev.provisioning.contracts.payload.BillingAccountUpdate;
import dev.provisioning.contracts.payload.ProjectCreate;
import dev.provisioning.contracts.payload.ProjectDelete;
import dev.provisioning.contracts.payload.ProjectLinkBillingAccount;
import dev.provisioning.contracts.payload.ProjectUpdate;
import dev.provisioning.contracts.payload.SubprojectCreate;
import dev.provisioning.contracts.payload.SubprojectDelete;
import dev.provisioning.contracts.payload.SubprojectUpdate;
import dev.provisioning.contracts.payload.UsageRecord;
import dev.provisioning.worker.billing.BillingRoute;
import dev.provisioning.worker.billing.HintCheck;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies requests to account state held in memory, with the same rules, messages, ids and JSON as
 * the Redis apply script: for any sequence of requests both stores give equal outcomes. It serves
 * tests and tools that need the rules without a Redis.
 *
 * <p>Each call is atomic: a rule checks everything before it changes anything, and {@link #apply}
 * is synchronized, so callers on any thread see one request at a time.
 *
 * <p>Limitation: requestIds and usageIds are remembered for the life of the store and never expire
 * after {@link Limits#requestRetention()}, so a request repeated after the retention gets its first
 * outcome again here but is applied again by the Redis store.
 */
public final class InMemoryAccountStore implements AccountStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Limits limits;
    private final Map<String, AccountState> accounts = new HashMap<>();

    public InMemoryAccountStore(Limits limits) {
        this.limits = limits;
    }

    /**
     * Applies the request; the billing route hint is ignored, because this store reads its state
     * directly, so outcomes report {@link HintCheck#NO_HINT} and no resolved route.
     */
    @Override
    public synchronized Future<StoreOutcome> apply(
            ProvisioningRequest request, Instant now, BillingRoute hint) {
        return Future.succeededFuture(applyNow(request, now.toString()));
    }

    /** Forgets a requestId, as Redis does once the request retention has passed. */
    synchronized void forgetRequest(String accountId, String requestId) {
        AccountState state = accounts.get(accountId);
        if (state != null) {
            state.forgetOutcome(requestId);
        }
    }

    private StoreOutcome applyNow(ProvisioningRequest request, String now) {
        AccountState state = accounts.computeIfAbsent(request.accountId(), AccountState::new);
        RecordedOutcome recorded = state.outcome(request.requestId());
        if (recorded != null) {
            return repeat(state, recorded, request, now);
        }

        RequestContext context =
                new RequestContext(request.accountId(), request.requestId(), now, limits);
        Decision decision = decide(state, request, context);
        state.rememberOutcome(
                request.requestId(), new RecordedOutcome(request.fingerprint(), decision, now));
        return outcome(state, decision, now, false);
    }

    /**
     * Returns the outcome for a requestId seen before: the first outcome again when the payload is
     * the same, else a rejection that is not remembered, so the first outcome stays.
     */
    private StoreOutcome repeat(
            AccountState state, RecordedOutcome recorded, ProvisioningRequest request, String now) {
        if (!recorded.fingerprint().equals(request.fingerprint())) {
            return new StoreOutcome(
                    ResultStatus.REJECTED,
                    ResultCode.FAILED_PRECONDITION,
                    Reason.IDEMPOTENCY_KEY_REUSED.name(),
                    "requestId was used before with a different payload; use a new requestId",
                    null,
                    now,
                    false,
                    HintCheck.NO_HINT,
                    null,
                    List.of());
        }

        return outcome(state, recorded.decision(), recorded.processedAt(), true);
    }

    private static Decision decide(
            AccountState state, ProvisioningRequest request, RequestContext context) {
        if (!(request.payload() instanceof AccountCreate) && state.account() == null) {
            return Decision.rejected(
                    Reason.ACCOUNT_NOT_FOUND, "account " + request.accountId() + " not found");
        }

        return switch (request.payload()) {
            case AccountCreate p -> AccountRules.create(state, p, context);
            case BillingAccountCreate p -> BillingAccountRules.create(state, p, context);
            case BillingAccountUpdate p -> BillingAccountRules.update(state, p, context);
            case BillingAccountCredit p -> BillingAccountRules.credit(state, p, context);
            case BillingAccountDelete p -> BillingAccountRules.delete(state, p, context);
            case ProjectCreate p -> ProjectRules.create(state, p, context);
            case ProjectUpdate p -> ProjectRules.update(state, p, context);
            case ProjectLinkBillingAccount p -> ProjectRules.link(state, p, context);
            case ProjectDelete p -> ProjectRules.delete(state, p, context);
            case SubprojectCreate p -> SubprojectRules.create(state, p, context);
            case SubprojectUpdate p -> SubprojectRules.update(state, p, context);
            case SubprojectDelete p -> SubprojectRules.delete(state, p, context);
            case UsageRecord p -> UsageRules.record(state, p, context);
        };
    }

    /** Builds the outcome; the changelog contains the current state of each changed entity. */
    private static StoreOutcome outcome(
            AccountState state, Decision decision, String processedAt, boolean replayed) {
        List<ChangelogEntry> changelog = new ArrayList<>(decision.changedIds().size());
        for (String id : decision.changedIds()) {
            changelog.add(changelogEntry(state, id));
        }
        return new StoreOutcome(
                decision.status(),
                decision.code(),
                decision.reason() == null ? null : decision.reason().name(),
                decision.message(),
                decision.resource() == null ? null : write(decision.resource()),
                processedAt,
                replayed,
                HintCheck.NO_HINT,
                null,
                changelog);
    }

    private static ChangelogEntry changelogEntry(AccountState state, String id) {
        if (id.equals(AccountState.ACCOUNT_ENTRY)) {
            return new ChangelogEntry(
                    state.accountId(), write(EntityViews.account(state.account())));
        }

        return new ChangelogEntry(id, write(EntityViews.changelog(state, state.entity(id))));
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
