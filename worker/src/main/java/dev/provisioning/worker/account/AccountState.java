package dev.provisioning.worker.account;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SequencedMap;
import java.util.SequencedSet;
import java.util.TreeSet;

/**
 * Everything {@link InMemoryAccountStore} keeps about one account: its entities with their
 * tombstones, the indexes of live entities, money, usage totals and the outcomes of its requests.
 * The indexes mirror the sorted sets of the apply script, so lists come out in the same order:
 * billing accounts and projects in creation order, subprojects and linked projects sorted by id.
 *
 * <p>Not thread-safe: the owning store serialises all access.
 */
final class AccountState {
    /** Changelog entry id that stands for the account itself; it is published under accountId. */
    static final String ACCOUNT_ENTRY = "account";

    private final String accountId;
    private Entity.Account account;
    private final Map<String, Entity> entities = new HashMap<>();
    private final SequencedSet<String> liveBillingAccountIds = new LinkedHashSet<>();
    private final SequencedSet<String> liveProjectIds = new LinkedHashSet<>();
    private final Map<String, NavigableSet<String>> liveSubprojectIdsByParent = new HashMap<>();
    private final Map<String, NavigableSet<String>> linkedProjectIdsByBilling = new HashMap<>();
    private final Map<String, String> subprojectIdsByExternalRef = new HashMap<>();
    private final Map<String, Funds> fundsByBillingAccount = new HashMap<>();
    private final Map<String, SequencedMap<String, UsageTotal>> usageByEntity = new HashMap<>();
    private final Map<String, String> requestIdsByUsageId = new HashMap<>();
    private final Map<String, RecordedOutcome> outcomesByRequestId = new HashMap<>();

    AccountState(String accountId) {
        this.accountId = accountId;
    }

    String accountId() {
        return accountId;
    }

    /** Returns the account, or null before it is created. */
    Entity.Account account() {
        return account;
    }

    void createAccount(Entity.Account created) {
        account = created;
    }

    /** Returns the entity with this id, live or tombstone, or null. */
    Entity entity(String id) {
        return entities.get(id);
    }

    Entity.BillingAccount liveBillingAccount(String id) {
        return entities.get(id) instanceof Entity.BillingAccount billing && billing.isLive()
                ? billing
                : null;
    }

    Entity.Project liveProject(String id) {
        return entities.get(id) instanceof Entity.Project project && project.isLive()
                ? project
                : null;
    }

    Entity.Subproject liveSubproject(String id) {
        return entities.get(id) instanceof Entity.Subproject sub && sub.isLive() ? sub : null;
    }

    int liveBillingAccountCount() {
        return liveBillingAccountIds.size();
    }

    /** Returns the oldest live billing account; every created account has at least one. */
    String firstBillingAccountId() {
        return liveBillingAccountIds.getFirst();
    }

    int liveProjectCount() {
        return liveProjectIds.size();
    }

    /** Lists the live subprojects of a project, sorted by id. */
    /** Counts the live subprojects of a project without copying them. */
    int liveSubprojectCount(String projectId) {
        NavigableSet<String> live = liveSubprojectIdsByParent.get(projectId);
        return live == null ? 0 : live.size();
    }

    List<String> liveSubprojectIds(String projectId) {
        return List.copyOf(liveSubprojectIdsByParent.getOrDefault(projectId, new TreeSet<>()));
    }

    /** Lists the live projects that a billing account pays for, sorted by id. */
    List<String> linkedProjectIds(String billingAccountId) {
        return List.copyOf(
                linkedProjectIdsByBilling.getOrDefault(billingAccountId, new TreeSet<>()));
    }

    /** Returns the live subproject of the parent with this externalRef, or null. */
    String subprojectIdByExternalRef(String parentProjectId, String externalRef) {
        return subprojectIdsByExternalRef.get(parentProjectId + '/' + externalRef);
    }

    void insertBillingAccount(Entity.BillingAccount billing) {
        entities.put(billing.billingAccountId(), billing);
        liveBillingAccountIds.add(billing.billingAccountId());
        fundsByBillingAccount.put(billing.billingAccountId(), new Funds());
    }

    void replaceBillingAccount(Entity.BillingAccount billing) {
        entities.put(billing.billingAccountId(), billing);
        if (!billing.isLive()) {
            liveBillingAccountIds.remove(billing.billingAccountId());
        }
    }

    Funds funds(String billingAccountId) {
        return fundsByBillingAccount.get(billingAccountId);
    }

    void insertProject(Entity.Project project) {
        entities.put(project.projectId(), project);
        liveProjectIds.add(project.projectId());
        link(project.billingAccountId(), project.projectId());
    }

    /** Stores a changed project and moves its link when the paying billing account changed. */
    void replaceProject(Entity.Project project) {
        Entity.Project previous = (Entity.Project) entities.put(project.projectId(), project);
        unlink(previous.billingAccountId(), project.projectId());
        if (project.isLive()) {
            link(project.billingAccountId(), project.projectId());
        } else {
            liveProjectIds.remove(project.projectId());
        }
    }

    void insertSubproject(Entity.Subproject sub) {
        entities.put(sub.subprojectId(), sub);
        liveSubprojectIdsByParent
                .computeIfAbsent(sub.parentProjectId(), parent -> new TreeSet<>())
                .add(sub.subprojectId());
        if (sub.externalRef() != null) {
            subprojectIdsByExternalRef.put(externalRefKey(sub), sub.subprojectId());
        }
    }

    void replaceSubproject(Entity.Subproject sub) {
        entities.put(sub.subprojectId(), sub);
        if (sub.isLive()) {
            return;
        }

        NavigableSet<String> siblings = liveSubprojectIdsByParent.get(sub.parentProjectId());
        if (siblings != null) {
            siblings.remove(sub.subprojectId());
        }
        if (sub.externalRef() != null) {
            subprojectIdsByExternalRef.remove(externalRefKey(sub));
        }
    }

    /** Lists the usage totals of an entity by currency, in the order each was first charged. */
    List<Map.Entry<String, UsageTotal>> usage(String entityId) {
        SequencedMap<String, UsageTotal> totals = usageByEntity.get(entityId);
        return totals == null ? List.of() : new ArrayList<>(totals.entrySet());
    }

    /** Returns the usage total of an entity in one currency; zero when nothing was charged. */
    UsageTotal usageTotal(String entityId, String currency) {
        SequencedMap<String, UsageTotal> totals = usageByEntity.get(entityId);
        return totals == null ? UsageTotal.NONE : totals.getOrDefault(currency, UsageTotal.NONE);
    }

    void addUsage(String entityId, String currency, long amountMicros, long quantity) {
        usageByEntity
                .computeIfAbsent(entityId, id -> new LinkedHashMap<>())
                .merge(
                        currency,
                        UsageTotal.NONE.plus(amountMicros, quantity),
                        (total, ignored) -> total.plus(amountMicros, quantity));
    }

    /** Returns the requestId that recorded this usageId, or null. */
    String requestIdOfUsage(String usageId) {
        return requestIdsByUsageId.get(usageId);
    }

    void rememberUsage(String usageId, String requestId) {
        requestIdsByUsageId.put(usageId, requestId);
    }

    /** Returns the outcome recorded for this requestId, or null. */
    RecordedOutcome outcome(String requestId) {
        return outcomesByRequestId.get(requestId);
    }

    /** Forgets a requestId, as Redis does when its idempotency record expires. */
    void forgetOutcome(String requestId) {
        outcomesByRequestId.remove(requestId);
    }

    void rememberOutcome(String requestId, RecordedOutcome outcome) {
        outcomesByRequestId.put(requestId, outcome);
    }

    private void link(String billingAccountId, String projectId) {
        linkedProjectIdsByBilling
                .computeIfAbsent(billingAccountId, id -> new TreeSet<>())
                .add(projectId);
    }

    private void unlink(String billingAccountId, String projectId) {
        NavigableSet<String> linked = linkedProjectIdsByBilling.get(billingAccountId);
        if (linked != null) {
            linked.remove(projectId);
        }
    }

    private static String externalRefKey(Entity.Subproject sub) {
        return sub.parentProjectId() + '/' + sub.externalRef();
    }
}
