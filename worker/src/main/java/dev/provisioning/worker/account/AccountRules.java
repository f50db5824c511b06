package dev.provisioning.worker.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.payload.AccountCreate;
import dev.provisioning.contracts.payload.NewBillingAccount;
import java.util.List;

/**
 * Rules of {@code account.create}: sign-up creates the account, its first billing account and
 * project.
 */
final class AccountRules {

    private AccountRules() {}

    static Decision create(AccountState state, AccountCreate payload, RequestContext context) {
        if (state.account() != null) {
            ObjectNode resource = EntityViews.object();
            resource.set("account", EntityViews.account(state.account()));
            return Decision.rejected(
                    Reason.ACCOUNT_EXISTS,
                    "account " + context.accountId() + " already exists",
                    resource);
        }

        String now = context.now();
        Entity.Account account =
                new Entity.Account(
                        context.accountId(), payload.displayName(), Lifecycle.created(now));
        state.createAccount(account);
        NewBillingAccount requested = payload.billingAccount();
        String billingName =
                requested.displayName() == null ? payload.displayName() : requested.displayName();
        Entity.BillingAccount billing =
                BillingAccountRules.newBillingAccount(
                        EntityIds.billingAccount(context.accountId(), context.requestId()),
                        billingName,
                        requested,
                        context);
        state.insertBillingAccount(billing);
        Entity.Project project =
                new Entity.Project(
                        EntityIds.project(context.accountId(), context.requestId()),
                        context.accountId(),
                        billing.billingAccountId(),
                        payload.projectDisplayName(),
                        null,
                        Lifecycle.created(now));
        state.insertProject(project);

        ObjectNode resource = EntityViews.object();
        resource.set("account", EntityViews.account(account));
        resource.set("billingAccount", EntityViews.billingAccount(state, billing, false));
        resource.set("project", EntityViews.project(state, project));
        return Decision.ok(
                "account created with its first billing account and project",
                resource,
                List.of(
                        AccountState.ACCOUNT_ENTRY,
                        billing.billingAccountId(),
                        project.projectId()));
    }
}
