package dev.provisioning.worker.account;

import java.util.List;

/**
 * Redis key names of one account. Every key carries the hash tag {@code {accountId}}, so all state
 * of an account lives in one Redis Cluster slot and one script can check and change it atomically.
 *
 * <pre>
 * {prefix}:{accountId}:entities          HASH   entity id -> entity JSON ("account" for the account)
 * {prefix}:{accountId}:projects          ZSET   live project ids by creation order
 * {prefix}:{accountId}:billing-accounts  ZSET   live billing account ids by creation order
 * {prefix}:{accountId}:subprojects       ZSET   "projectId/subprojectId" of live subprojects
 * {prefix}:{accountId}:links             ZSET   "billingAccountId/projectId" of live projects
 * {prefix}:{accountId}:external-refs     HASH   "projectId/externalRef" -> live subprojectId
 * {prefix}:{accountId}:money             HASH   balances, amounts owed, credit limits, usage totals
 * {prefix}:{accountId}:request:{requestId} STRING idempotency record, expires after the retention
 * {prefix}:{accountId}:usage:{usageId}     STRING requestId that charged the usage, same expiry
 * </pre>
 *
 * <p>The slash separator is safe because ids never contain one (see {@code FieldReader.ID}).
 */
public record AccountKeys(String prefix, String accountId) {

    /** Placeholder usage key for request types that record no usage. */
    static final String NO_USAGE = "-";

    /** Returns the key prefix shared by all keys of the account, hash tag included. */
    public String base() {
        return prefix + ":{" + accountId + "}:";
    }

    public String entities() {
        return base() + "entities";
    }

    public String projects() {
        return base() + "projects";
    }

    public String billingAccounts() {
        return base() + "billing-accounts";
    }

    public String subprojects() {
        return base() + "subprojects";
    }

    public String links() {
        return base() + "links";
    }

    public String externalRefs() {
        return base() + "external-refs";
    }

    public String money() {
        return base() + "money";
    }

    public String request(String requestId) {
        return base() + "request:" + requestId;
    }

    public String usage(String usageId) {
        return base() + "usage:" + usageId;
    }

    /** Lists the keys of the apply script in the order its KEYS array expects. */
    public List<String> scriptKeys(String requestId, String usageId) {
        return List.of(
                entities(),
                projects(),
                billingAccounts(),
                subprojects(),
                links(),
                externalRefs(),
                money(),
                request(requestId),
                usage(usageId == null ? NO_USAGE : usageId));
    }
}
