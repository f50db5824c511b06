package dev.provisioning.worker.account;

import dev.provisioning.contracts.Money;
import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.payload.BillingAccountCreate;
import dev.provisioning.contracts.payload.BillingAccountCredit;
import dev.provisioning.contracts.payload.BillingAccountDelete;
import dev.provisioning.contracts.payload.BillingAccountUpdate;
import dev.provisioning.contracts.payload.BillingKind;
import dev.provisioning.contracts.payload.NewBillingAccount;
import java.util.List;

/** Rules of the billing account requests: create, update, credit and delete. */
final class BillingAccountRules {
    /** How many linked projects a BILLING_ACCOUNT_IN_USE rejection names at most. */
    private static final int MAX_NAMED_PROJECTS = 20;

    private BillingAccountRules() {}

    static Entity.BillingAccount newBillingAccount(
            String id, String displayName, NewBillingAccount requested, RequestContext context) {
        return new Entity.BillingAccount(
                id,
                context.accountId(),
                displayName,
                requested.kind(),
                requested.currency(),
                requested.payer(),
                requested.creditLimitMicros(),
                Lifecycle.created(context.now()));
    }

    static Decision create(
            AccountState state, BillingAccountCreate payload, RequestContext context) {
        String id = EntityIds.billingAccount(context.accountId(), context.requestId());
        if (state.entity(id) instanceof Entity.BillingAccount existing) {
            return Decision.alreadyCreated(
                    "billing account", id, EntityViews.billingAccount(state, existing, false));
        }
        int max = context.limits().maxBillingAccounts();
        if (state.liveBillingAccountCount() >= max) {
            return Decision.rejected(
                    Reason.LIMIT_EXCEEDED,
                    "account "
                            + context.accountId()
                            + " has reached its limit of "
                            + max
                            + " billing accounts");
        }

        NewBillingAccount requested = payload.billingAccount();
        Entity.BillingAccount billing =
                newBillingAccount(id, requested.displayName(), requested, context);
        state.insertBillingAccount(billing);
        return Decision.ok(
                "billing account created",
                EntityViews.billingAccount(state, billing, false),
                List.of(billing.billingAccountId()));
    }

    static Decision update(
            AccountState state, BillingAccountUpdate payload, RequestContext context) {
        String id = payload.billingAccountId();
        Entity.BillingAccount billing = state.liveBillingAccount(id);
        if (billing == null) {
            return notFound(id, context);
        }
        boolean setsCreditLimit = payload.creditLimitMicros() >= 0;
        if (setsCreditLimit && billing.kind() != BillingKind.POSTPAID) {
            return Decision.rejected(
                    Reason.WRONG_BILLING_KIND,
                    "billing account "
                            + id
                            + " is "
                            + billing.kind()
                            + "; only POSTPAID accounts take a creditLimit");
        }

        Entity.BillingAccount updated =
                new Entity.BillingAccount(
                        id,
                        billing.accountId(),
                        payload.displayName() == null
                                ? billing.displayName()
                                : payload.displayName(),
                        billing.kind(),
                        billing.currency(),
                        payload.payer() == null ? billing.payer() : payload.payer(),
                        setsCreditLimit ? payload.creditLimitMicros() : billing.creditLimitMicros(),
                        billing.lifecycle().touched(context.now()));
        state.replaceBillingAccount(updated);
        return Decision.ok(
                "billing account updated",
                EntityViews.billingAccount(state, updated, false),
                List.of(id));
    }

    /**
     * Tops up a prepaid balance, or pays down a postpaid amount owed. A prepaid account never owes
     * anything, so its whole credit goes to the balance.
     */
    static Decision credit(
            AccountState state, BillingAccountCredit payload, RequestContext context) {
        String id = payload.billingAccountId();
        long amount = payload.amountMicros();
        Entity.BillingAccount billing = state.liveBillingAccount(id);
        if (billing == null) {
            return notFound(id, context);
        }
        if (!billing.currency().equals(payload.currency())) {
            return Decision.rejected(
                    Reason.CURRENCY_MISMATCH,
                    "billing account "
                            + id
                            + " is in "
                            + billing.currency()
                            + ", not "
                            + payload.currency());
        }
        Funds funds = state.funds(id);
        long paidDown = Math.min(funds.owedMicros(), amount);
        boolean postpaid = billing.kind() == BillingKind.POSTPAID;
        long toBalance = postpaid ? 0 : amount - paidDown;
        if (postpaid && amount > funds.owedMicros()) {
            return Decision.rejected(
                    Reason.CREDIT_EXCEEDS_OWED,
                    "postpaid billing account "
                            + id
                            + " owes "
                            + Money.formatMicros(funds.owedMicros())
                            + "; a credit may pay down at most that");
        }
        if (funds.balanceMicros() + toBalance > Funds.MAX_STORED_MICROS) {
            return Decision.rejected(
                    Reason.AMOUNT_LIMIT_EXCEEDED,
                    "billing account " + id + " balance would pass the largest stored amount");
        }

        funds.addOwed(-paidDown);
        funds.addBalance(toBalance);
        return Decision.ok(
                "billing account credited",
                EntityViews.billingAccount(state, billing, false),
                List.of(id));
    }

    static Decision delete(
            AccountState state, BillingAccountDelete payload, RequestContext context) {
        String id = payload.billingAccountId();
        Entity.BillingAccount billing = state.liveBillingAccount(id);
        if (billing == null) {
            return notFound(id, context);
        }
        // The last billing account always pays for at least one project, so this check comes
        // before the link check: asking to relink those projects first would be advice no one
        // can follow.
        if (state.liveBillingAccountCount() <= 1) {
            return Decision.rejected(
                    Reason.LAST_BILLING_ACCOUNT,
                    "billing account " + id + " is the last one of account " + context.accountId());
        }
        List<String> linked = state.linkedProjectIds(id);
        if (!linked.isEmpty()) {
            return inUse(id, linked);
        }

        Entity.BillingAccount deleted =
                billing.withLifecycle(billing.lifecycle().tombstoned(context.now()));
        state.replaceBillingAccount(deleted);
        return Decision.ok(
                "billing account deleted",
                EntityViews.billingAccount(state, deleted, false),
                List.of(id));
    }

    private static Decision inUse(String id, List<String> linked) {
        List<String> named = linked.subList(0, Math.min(linked.size(), MAX_NAMED_PROJECTS));
        var resource = EntityViews.object();
        resource.put("billingAccountId", id);
        named.forEach(resource.putArray("linkedProjectIds")::add);
        resource.put("linkedProjectCount", linked.size());
        return Decision.rejected(
                Reason.BILLING_ACCOUNT_IN_USE,
                "billing account "
                        + id
                        + " pays for "
                        + linked.size()
                        + " project(s): "
                        + String.join(", ", named)
                        + "; link them to another billing account first",
                resource);
    }

    private static Decision notFound(String id, RequestContext context) {
        return Decision.notFound(
                Reason.BILLING_ACCOUNT_NOT_FOUND, "billing account", id, context.accountId());
    }
}
