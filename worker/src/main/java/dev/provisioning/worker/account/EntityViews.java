package dev.provisioning.worker.account;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.contracts.Money;
import java.util.Map;

/**
 * Builds the JSON documents that results and the changelog carry, field for field as the apply
 * script writes them. Results leave the payer out; the changelog keeps it, because it must hold
 * enough to rebuild the state.
 */
final class EntityViews {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EntityViews() {}

    static ObjectNode account(Entity.Account account) {
        ObjectNode view = NODES.objectNode();
        view.put("entityType", "account");
        view.put("accountId", account.accountId());
        view.put("displayName", account.displayName());
        putLifecycle(view, account.lifecycle());
        return view;
    }

    static ObjectNode billingAccount(
            AccountState state, Entity.BillingAccount billing, boolean withPayer) {
        ObjectNode view = NODES.objectNode();
        view.put("entityType", "billingAccount");
        view.put("billingAccountId", billing.billingAccountId());
        view.put("accountId", billing.accountId());
        view.put("displayName", billing.displayName());
        view.put("kind", billing.kind().name());
        view.put("currency", billing.currency());
        if (withPayer) {
            ObjectNode payer = view.putObject("payer");
            payer.put("name", billing.payer().name());
            payer.put("address", billing.payer().address());
            payer.put("taxId", billing.payer().taxId());
        }
        if (billing.hasCreditLimit()) {
            view.put("creditLimit", Money.formatMicros(billing.creditLimitMicros()));
        }
        putLifecycle(view, billing.lifecycle());

        Funds funds = state.funds(billing.billingAccountId());
        view.put("balance", Money.formatMicros(funds.balanceMicros()));
        view.put("owed", Money.formatMicros(funds.owedMicros()));
        putUsage(view, state, billing.billingAccountId());
        return view;
    }

    static ObjectNode project(AccountState state, Entity.Project project) {
        ObjectNode view = NODES.objectNode();
        view.put("entityType", "project");
        view.put("projectId", project.projectId());
        view.put("accountId", project.accountId());
        view.put("billingAccountId", project.billingAccountId());
        view.put("displayName", project.displayName());
        putLabels(view, project.labels());
        putLifecycle(view, project.lifecycle());
        putUsage(view, state, project.projectId());
        return view;
    }

    static ObjectNode subproject(AccountState state, Entity.Subproject sub) {
        ObjectNode view = NODES.objectNode();
        view.put("entityType", "subproject");
        view.put("subprojectId", sub.subprojectId());
        view.put("accountId", sub.accountId());
        view.put("parentProjectId", sub.parentProjectId());
        view.put("displayName", sub.displayName());
        if (sub.externalRef() != null) {
            view.put("externalRef", sub.externalRef());
        }
        putLabels(view, sub.labels());
        putLifecycle(view, sub.lifecycle());
        putUsage(view, state, sub.subprojectId());
        return view;
    }

    /** Returns the changelog document of any entity: its full state, payer and usage included. */
    static ObjectNode changelog(AccountState state, Entity entity) {
        return switch (entity) {
            case Entity.Account account -> account(account);
            case Entity.BillingAccount billing -> billingAccount(state, billing, true);
            case Entity.Project project -> project(state, project);
            case Entity.Subproject sub -> subproject(state, sub);
        };
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    private static void putLifecycle(ObjectNode view, Lifecycle lifecycle) {
        view.put("createTime", lifecycle.createTime());
        view.put("updateTime", lifecycle.updateTime());
        view.put("version", lifecycle.version());
        view.put("deleted", lifecycle.deleted());
        if (lifecycle.deleteTime() != null) {
            view.put("deleteTime", lifecycle.deleteTime());
        }
    }

    private static void putLabels(ObjectNode view, Map<String, String> labels) {
        if (labels == null) {
            return;
        }

        ObjectNode node = view.putObject("labels");
        labels.forEach(node::put);
    }

    private static void putUsage(ObjectNode view, AccountState state, String entityId) {
        var totals = state.usage(entityId);
        if (totals.isEmpty()) {
            return;
        }

        ArrayNode usage = view.putArray("usage");
        for (Map.Entry<String, UsageTotal> entry : totals) {
            ObjectNode item = usage.addObject();
            item.put("currency", entry.getKey());
            item.put("amount", Money.formatMicros(entry.getValue().amountMicros()));
            item.put("quantity", Long.toString(entry.getValue().quantity()));
            item.put("records", Long.toString(entry.getValue().records()));
        }
    }
}
