package dev.provisioning.worker.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.payload.ProjectCreate;
import dev.provisioning.contracts.payload.ProjectDelete;
import dev.provisioning.contracts.payload.ProjectLinkBillingAccount;
import dev.provisioning.contracts.payload.ProjectUpdate;
import java.util.ArrayList;
import java.util.List;

/** Rules of the project requests: create, update, link to a billing account and delete. */
final class ProjectRules {

    private ProjectRules() {}

    static Decision create(AccountState state, ProjectCreate payload, RequestContext context) {
        String id = EntityIds.project(context.accountId(), context.requestId());
        if (state.entity(id) instanceof Entity.Project existing) {
            return Decision.alreadyCreated("project", id, EntityViews.project(state, existing));
        }
        String billingId = payload.billingAccountId();
        if (billingId == null) {
            billingId = state.firstBillingAccountId();
        } else if (state.liveBillingAccount(billingId) == null) {
            return Decision.notFound(
                    Reason.BILLING_ACCOUNT_NOT_FOUND,
                    "billing account",
                    billingId,
                    context.accountId());
        }
        int max = context.limits().maxProjects();
        if (state.liveProjectCount() >= max) {
            return Decision.rejected(
                    Reason.LIMIT_EXCEEDED,
                    "account "
                            + context.accountId()
                            + " has reached its limit of "
                            + max
                            + " projects");
        }

        Entity.Project project =
                new Entity.Project(
                        EntityIds.project(context.accountId(), context.requestId()),
                        context.accountId(),
                        billingId,
                        payload.displayName(),
                        payload.labels(),
                        Lifecycle.created(context.now()));
        state.insertProject(project);
        return Decision.ok(
                "project created",
                EntityViews.project(state, project),
                List.of(project.projectId()));
    }

    static Decision update(AccountState state, ProjectUpdate payload, RequestContext context) {
        Entity.Project project = state.liveProject(payload.projectId());
        if (project == null) {
            return notFound(payload.projectId(), context);
        }

        Entity.Project updated =
                new Entity.Project(
                        project.projectId(),
                        project.accountId(),
                        project.billingAccountId(),
                        payload.displayName() == null
                                ? project.displayName()
                                : payload.displayName(),
                        payload.labels() == null ? project.labels() : payload.labels(),
                        project.lifecycle().touched(context.now()));
        state.replaceProject(updated);
        return Decision.ok(
                "project updated",
                EntityViews.project(state, updated),
                List.of(updated.projectId()));
    }

    /** Makes another billing account pay for the project; linking to the current one is a no-op. */
    static Decision link(
            AccountState state, ProjectLinkBillingAccount payload, RequestContext context) {
        String billingId = payload.billingAccountId();
        Entity.Project project = state.liveProject(payload.projectId());
        if (project == null) {
            return notFound(payload.projectId(), context);
        }
        if (state.liveBillingAccount(billingId) == null) {
            return Decision.notFound(
                    Reason.BILLING_ACCOUNT_NOT_FOUND,
                    "billing account",
                    billingId,
                    context.accountId());
        }
        String message = "project linked to billing account " + billingId;
        if (project.billingAccountId().equals(billingId)) {
            return Decision.ok(message, EntityViews.project(state, project), List.of());
        }

        Entity.Project relinked =
                new Entity.Project(
                        project.projectId(),
                        project.accountId(),
                        billingId,
                        project.displayName(),
                        project.labels(),
                        project.lifecycle().touched(context.now()));
        state.replaceProject(relinked);
        return Decision.ok(
                message, EntityViews.project(state, relinked), List.of(relinked.projectId()));
    }

    /** Deletes a project, and with {@code cascade} its live subprojects in the same step. */
    static Decision delete(AccountState state, ProjectDelete payload, RequestContext context) {
        String id = payload.projectId();
        Entity.Project project = state.liveProject(id);
        if (project == null) {
            return notFound(id, context);
        }
        if (state.liveProjectCount() <= 1) {
            return Decision.rejected(
                    Reason.LAST_PROJECT,
                    "project " + id + " is the last one of account " + context.accountId());
        }
        List<String> children = state.liveSubprojectIds(id);
        if (!children.isEmpty() && !payload.cascade()) {
            return Decision.rejected(
                    Reason.HAS_SUBPROJECTS,
                    "project "
                            + id
                            + " has "
                            + children.size()
                            + " live subproject(s); set cascade to delete them too");
        }

        List<String> changed = new ArrayList<>(children.size() + 1);
        for (String childId : children) {
            Entity.Subproject child = state.liveSubproject(childId);
            state.replaceSubproject(
                    child.withLifecycle(child.lifecycle().tombstoned(context.now())));
            changed.add(childId);
        }
        Entity.Project deleted =
                project.withLifecycle(project.lifecycle().tombstoned(context.now()));
        state.replaceProject(deleted);
        changed.add(id);

        ObjectNode view = EntityViews.project(state, deleted);
        view.put("deletedSubprojectCount", children.size());
        return Decision.ok(
                "project deleted with " + children.size() + " subproject(s)", view, changed);
    }

    private static Decision notFound(String id, RequestContext context) {
        return Decision.notFound(Reason.PROJECT_NOT_FOUND, "project", id, context.accountId());
    }
}
