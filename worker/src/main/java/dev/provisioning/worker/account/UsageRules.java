package dev.provisioning.worker.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.contracts.Money;
import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.payload.BillingKind;
import dev.provisioning.contracts.payload.UsageRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules of {@code usage.record}: find the billing account that pays for the project or subproject,
 * charge it, and add the usage to the totals of the billing account, the project and the
 * subproject.
 */
final class UsageRules {

    private UsageRules() {}

    static Decision record(AccountState state, UsageRecord payload, RequestContext context) {
        String recordedBy = state.requestIdOfUsage(payload.usageId());
        if (recordedBy != null) {
            return Decision.rejected(
                    Reason.USAGE_ALREADY_RECORDED,
                    "usage "
                            + payload.usageId()
                            + " was already recorded by request "
                            + recordedBy);
        }
        String subprojectId = payload.subprojectId();
        String projectId = payload.projectId();
        if (subprojectId != null) {
            Entity.Subproject sub = state.liveSubproject(subprojectId);
            if (sub == null) {
                return Decision.notFound(
                        Reason.SUBPROJECT_NOT_FOUND,
                        "subproject",
                        subprojectId,
                        context.accountId());
            }
            projectId = sub.parentProjectId();
        }
        Entity.Project project = state.liveProject(projectId);
        if (project == null) {
            return Decision.notFound(
                    Reason.PROJECT_NOT_FOUND, "project", projectId, context.accountId());
        }
        Entity.BillingAccount billing = state.liveBillingAccount(project.billingAccountId());
        Decision rejection = checkCharge(state, billing, projectId, payload);
        if (rejection != null) {
            return rejection;
        }

        return charge(state, billing, projectId, payload, context);
    }

    /** Returns the rejection of a charge the paying billing account cannot take, or null. */
    private static Decision checkCharge(
            AccountState state,
            Entity.BillingAccount billing,
            String projectId,
            UsageRecord payload) {
        String billingId = billing.billingAccountId();
        String currency = payload.currency();
        long amount = payload.amountMicros();
        if (!billing.currency().equals(currency)) {
            return Decision.rejected(
                    Reason.CURRENCY_MISMATCH,
                    "billing account "
                            + billingId
                            + " of project "
                            + projectId
                            + " is in "
                            + billing.currency()
                            + ", not "
                            + currency);
        }

        Decision totalRejection = checkUsageTotals(state, billingId, projectId, payload);
        if (totalRejection != null) {
            return totalRejection;
        }

        Funds funds = state.funds(billingId);
        if (billing.kind() == BillingKind.PREPAID) {
            if (amount <= funds.balanceMicros()) {
                return null;
            }
            return Decision.rejected(
                    Reason.INSUFFICIENT_FUNDS,
                    "prepaid billing account "
                            + billingId
                            + " has "
                            + Money.formatMicros(funds.balanceMicros())
                            + " "
                            + currency
                            + ", the charge is "
                            + Money.formatMicros(amount));
        }
        long owed = funds.owedMicros();
        if (billing.hasCreditLimit() && owed + amount > billing.creditLimitMicros()) {
            return Decision.rejected(
                    Reason.CREDIT_LIMIT_EXCEEDED,
                    "postpaid billing account "
                            + billingId
                            + " owes "
                            + Money.formatMicros(owed)
                            + " of a "
                            + Money.formatMicros(billing.creditLimitMicros())
                            + " credit limit; the charge is "
                            + Money.formatMicros(amount));
        }
        if (owed + amount > Funds.MAX_STORED_MICROS) {
            return Decision.rejected(
                    Reason.AMOUNT_LIMIT_EXCEEDED,
                    "billing account "
                            + billingId
                            + " amount owed would pass the largest stored amount");
        }
        return null;
    }

    /**
     * Returns a rejection when a usage total would pass {@link Funds#MAX_STORED_MICROS}. Totals
     * only grow, and the apply script keeps them in Lua numbers, which are exact only below 2^53.
     */
    private static Decision checkUsageTotals(
            AccountState state, String billingId, String projectId, UsageRecord payload) {
        List<String> charged = new ArrayList<>(3);
        charged.add(billingId);
        charged.add(projectId);
        if (payload.subprojectId() != null) {
            charged.add(payload.subprojectId());
        }

        for (String entityId : charged) {
            UsageTotal total = state.usageTotal(entityId, payload.currency());
            boolean tooLarge =
                    total.amountMicros() + payload.amountMicros() > Funds.MAX_STORED_MICROS
                            || total.quantity() + payload.quantity() > Funds.MAX_STORED_MICROS;
            if (tooLarge) {
                return Decision.rejected(
                        Reason.AMOUNT_LIMIT_EXCEEDED,
                        "usage total of "
                                + entityId
                                + " in "
                                + payload.currency()
                                + " would pass the largest stored amount");
            }
        }
        return null;
    }

    private static Decision charge(
            AccountState state,
            Entity.BillingAccount billing,
            String projectId,
            UsageRecord payload,
            RequestContext context) {
        String billingId = billing.billingAccountId();
        long amount = payload.amountMicros();
        Funds funds = state.funds(billingId);
        if (billing.kind() == BillingKind.PREPAID) {
            funds.addBalance(-amount);
        } else {
            funds.addOwed(amount);
        }

        List<String> charged = new ArrayList<>(3);
        charged.add(billingId);
        charged.add(projectId);
        if (payload.subprojectId() != null) {
            charged.add(payload.subprojectId());
        }
        for (String entityId : charged) {
            state.addUsage(entityId, payload.currency(), amount, payload.quantity());
        }
        state.rememberUsage(payload.usageId(), context.requestId());

        ObjectNode view = EntityViews.object();
        view.put("usageId", payload.usageId());
        view.put("accountId", context.accountId());
        view.put("projectId", projectId);
        if (payload.subprojectId() != null) {
            view.put("subprojectId", payload.subprojectId());
        }
        view.put("billingAccountId", billingId);
        view.put("kind", billing.kind().name());
        view.put("currency", payload.currency());
        view.put("amount", Money.formatMicros(amount));
        view.put("quantity", payload.quantity());
        if (payload.product() != null) {
            view.put("product", payload.product());
        }
        view.put("balance", Money.formatMicros(funds.balanceMicros()));
        view.put("owed", Money.formatMicros(funds.owedMicros()));
        return Decision.ok("usage charged to billing account " + billingId, view, charged);
    }
}
