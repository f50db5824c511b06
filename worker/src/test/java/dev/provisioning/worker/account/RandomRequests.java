package dev.provisioning.worker.account;

import dev.provisioning.contracts.ResultStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded stream of request documents over a few accounts, valid ones and rule-breaking ones
 * mixed: sign-ups that come late or twice, relinks, deletes with and without cascade, credits and
 * usage in several currencies, repeated documents and requestIds reused with another payload.
 *
 * <p>After each request the caller reports the outcome with {@link #observe}, so the generator
 * mostly names live entities. About one id in ten is unknown, deleted or another account's.
 */
final class RandomRequests {
    private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");
    private static final List<String> AMOUNTS =
            List.of("0.01", "0.5", "1.50", "3", "0.0075", "10.123456", "25", "100", "0.000001");

    private final Random random;
    private final List<String> accountIds;
    private final Map<String, Ids> idsByAccount;
    private final List<String> sent = new ArrayList<>();
    private final List<String> deletedIds = new ArrayList<>();
    private final Map<String, String> parentBySubproject = new HashMap<>();
    private final List<Runnable> undoIfRejected = new ArrayList<>();
    private final List<Runnable> applyIfSucceeded = new ArrayList<>();
    private int nextRequest;

    /** Ids this generator asked to create in one account; some never came into existence. */
    private record Ids(
            List<String> billingAccounts, List<String> projects, List<String> subprojects) {
        Ids() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    RandomRequests(long seed, List<String> accountIds) {
        this.random = new Random(seed);
        this.accountIds = List.copyOf(accountIds);
        this.idsByAccount = new HashMap<>();
        accountIds.forEach(id -> idsByAccount.put(id, new Ids()));
    }

    /** Returns the next request document. */
    String next() {
        undoIfRejected.clear();
        applyIfSucceeded.clear();
        String document = choose();
        sent.add(document);
        return document;
    }

    /** Learns from the outcome of the last document which ids exist now. */
    void observe(StoreOutcome outcome) {
        if (outcome.replayed()) {
            return;
        }

        boolean succeeded = outcome.status() == ResultStatus.SUCCEEDED;
        (succeeded ? applyIfSucceeded : undoIfRejected).forEach(Runnable::run);
    }

    private String choose() {
        int roll = random.nextInt(100);
        if (roll < 4 && !sent.isEmpty()) {
            return pick(sent);
        }

        String accountId = pick(accountIds);
        String requestId = roll < 7 && nextRequest > 0 ? reusedRequestId() : newRequestId();
        Ids ids = idsByAccount.get(accountId);
        int kind = random.nextInt(100);
        boolean signedUp = !ids.projects().isEmpty();
        if (kind < 3 || (!signedUp && kind < 50)) {
            return signUp(requestId, accountId, ids);
        }

        if (kind < 16) {
            return billingCreate(requestId, accountId, ids);
        }
        if (kind < 20) {
            return RequestDocuments.document(
                    requestId,
                    accountId,
                    "billing-account.update",
                    Map.of("billingAccountId", billingId(ids), "creditLimit", amount()));
        }
        if (kind < 30) {
            return RequestDocuments.credit(
                    requestId, accountId, billingId(ids), amount(), currency());
        }
        if (kind < 34) {
            String billing = billingId(ids);
            forgetIfSucceeded(ids.billingAccounts(), billing);
            return RequestDocuments.billingDelete(requestId, accountId, billing);
        }

        if (kind < 42) {
            String billing = random.nextBoolean() ? null : billingId(ids);
            create(ids.projects(), EntityIds.project(accountId, requestId));
            return RequestDocuments.projectCreate(requestId, accountId, billing);
        }
        if (kind < 48) {
            return RequestDocuments.link(requestId, accountId, projectId(ids), billingId(ids));
        }
        if (kind < 53) {
            String project = projectId(ids);
            forgetIfSucceeded(ids.projects(), project);
            applyIfSucceeded.add(() -> forgetSubprojectsOf(ids, project));
            return RequestDocuments.projectDelete(
                    requestId, accountId, project, random.nextBoolean());
        }
        if (kind < 55) {
            return RequestDocuments.document(
                    requestId,
                    accountId,
                    "project.update",
                    Map.of("projectId", projectId(ids), "labels", Map.of("n", requestId)));
        }

        if (kind < 66) {
            String ref = random.nextInt(3) == 0 ? null : "client-" + random.nextInt(6);
            String parent = parentId(ids);
            String sub = EntityIds.subproject(accountId, requestId);
            create(ids.subprojects(), sub);
            parentBySubproject.put(sub, parent);
            return RequestDocuments.subprojectCreate(requestId, accountId, parent, ref);
        }
        if (kind < 68) {
            return RequestDocuments.document(
                    requestId,
                    accountId,
                    "subproject.update",
                    Map.of("subprojectId", subprojectId(ids), "displayName", requestId));
        }
        if (kind < 73) {
            String sub = subprojectId(ids);
            forgetIfSucceeded(ids.subprojects(), sub);
            return RequestDocuments.subprojectDelete(requestId, accountId, sub);
        }

        return usage(requestId, accountId, ids);
    }

    private String signUp(String requestId, String accountId, Ids ids) {
        create(ids.billingAccounts(), EntityIds.billingAccount(accountId, requestId));
        create(ids.projects(), EntityIds.project(accountId, requestId));
        String kind = random.nextBoolean() ? "PREPAID" : "POSTPAID";
        return RequestDocuments.signUp(requestId, accountId, kind, currency());
    }

    private String billingCreate(String requestId, String accountId, Ids ids) {
        create(ids.billingAccounts(), EntityIds.billingAccount(accountId, requestId));
        boolean postpaid = random.nextBoolean();
        String limit = postpaid && random.nextBoolean() ? amount() : null;
        return RequestDocuments.billingCreate(
                requestId, accountId, postpaid ? "POSTPAID" : "PREPAID", currency(), limit);
    }

    private String usage(String requestId, String accountId, Ids ids) {
        boolean onSubproject = !ids.subprojects().isEmpty() && random.nextBoolean();
        String target = onSubproject ? pick(ids.subprojects()) : projectId(ids);
        String usageId = "u-" + random.nextInt(40);
        return RequestDocuments.usage(requestId, accountId, usageId, target, amount(), currency());
    }

    /** Adds a created id now, and takes it back if the request is rejected. */
    private void create(List<String> ids, String id) {
        ids.add(id);
        undoIfRejected.add(() -> ids.remove(id));
    }

    private void forgetIfSucceeded(List<String> ids, String id) {
        applyIfSucceeded.add(
                () -> {
                    ids.remove(id);
                    deletedIds.add(id);
                });
    }

    private void forgetSubprojectsOf(Ids ids, String projectId) {
        List<String> children =
                ids.subprojects().stream()
                        .filter(sub -> projectId.equals(parentBySubproject.get(sub)))
                        .toList();
        ids.subprojects().removeAll(children);
        deletedIds.addAll(children);
    }

    private String newRequestId() {
        return "r-" + nextRequest++;
    }

    private String reusedRequestId() {
        return "r-" + random.nextInt(nextRequest);
    }

    /** Returns a billing account id: mostly this account's, sometimes another's or unknown. */
    private String billingId(Ids ids) {
        return anyId(ids.billingAccounts(), "ba-unknown");
    }

    private String projectId(Ids ids) {
        return anyId(ids.projects(), "prj-unknown");
    }

    private String parentId(Ids ids) {
        if (!ids.subprojects().isEmpty() && random.nextInt(10) == 0) {
            return pick(ids.subprojects());
        }
        return projectId(ids);
    }

    private String subprojectId(Ids ids) {
        return anyId(ids.subprojects(), "sub-unknown");
    }

    private String anyId(List<String> own, String unknown) {
        int roll = random.nextInt(20);
        if (roll == 0 || own.isEmpty()) {
            return unknown;
        }
        if (roll == 1 && !deletedIds.isEmpty()) {
            return pick(deletedIds);
        }
        if (roll == 2) {
            Ids other = idsByAccount.get(pick(accountIds));
            List<String> candidates = new ArrayList<>(other.billingAccounts());
            candidates.addAll(other.projects());
            return candidates.isEmpty() ? unknown : pick(candidates);
        }
        return pick(own);
    }

    private String amount() {
        return pick(AMOUNTS);
    }

    private String currency() {
        return random.nextInt(4) == 0 ? pick(CURRENCIES) : CURRENCIES.get(0);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
