package dev.provisioning.worker.account;

import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.payload.SubprojectCreate;
import dev.provisioning.contracts.payload.SubprojectDelete;
import dev.provisioning.contracts.payload.SubprojectUpdate;
import java.util.List;

/** Rules of the subproject requests: create under a live project, update and delete. */
final class SubprojectRules {

    private SubprojectRules() {}

    /**
     * Creates a subproject. A live sibling with the same externalRef means the client was onboarded
     * already, so the answer is EXTERNAL_REF_TAKEN with that sibling.
     */
    static Decision create(AccountState state, SubprojectCreate payload, RequestContext context) {
        String id = EntityIds.subproject(context.accountId(), context.requestId());
        if (state.entity(id) instanceof Entity.Subproject existing) {
            return Decision.alreadyCreated(
                    "subproject", id, EntityViews.subproject(state, existing));
        }
        String parentId = payload.parentProjectId();
        if (state.liveProject(parentId) == null) {
            return Decision.rejected(
                    Reason.PARENT_NOT_FOUND,
                    "parent project " + parentId + " not found in account " + context.accountId());
        }
        String existingId =
                payload.externalRef() == null
                        ? null
                        : state.subprojectIdByExternalRef(parentId, payload.externalRef());
        if (existingId != null) {
            return Decision.rejected(
                    Reason.EXTERNAL_REF_TAKEN,
                    "project "
                            + parentId
                            + " already has subproject "
                            + existingId
                            + " with this externalRef",
                    EntityViews.subproject(state, state.liveSubproject(existingId)));
        }
        int max = context.limits().maxSubprojectsPerProject();
        if (state.liveSubprojectCount(parentId) >= max) {
            return Decision.rejected(
                    Reason.LIMIT_EXCEEDED,
                    "project " + parentId + " has reached its limit of " + max + " subprojects");
        }

        Entity.Subproject sub =
                new Entity.Subproject(
                        EntityIds.subproject(context.accountId(), context.requestId()),
                        context.accountId(),
                        parentId,
                        payload.displayName(),
                        payload.externalRef(),
                        payload.labels(),
                        Lifecycle.created(context.now()));
        state.insertSubproject(sub);
        return Decision.ok(
                "subproject created",
                EntityViews.subproject(state, sub),
                List.of(sub.subprojectId()));
    }

    static Decision update(AccountState state, SubprojectUpdate payload, RequestContext context) {
        Entity.Subproject sub = state.liveSubproject(payload.subprojectId());
        if (sub == null) {
            return notFound(payload.subprojectId(), context);
        }

        Entity.Subproject updated =
                new Entity.Subproject(
                        sub.subprojectId(),
                        sub.accountId(),
                        sub.parentProjectId(),
                        payload.displayName() == null ? sub.displayName() : payload.displayName(),
                        sub.externalRef(),
                        payload.labels() == null ? sub.labels() : payload.labels(),
                        sub.lifecycle().touched(context.now()));
        state.replaceSubproject(updated);
        return Decision.ok(
                "subproject updated",
                EntityViews.subproject(state, updated),
                List.of(updated.subprojectId()));
    }

    /** Deletes a subproject and frees its externalRef for a new subproject of the same parent. */
    static Decision delete(AccountState state, SubprojectDelete payload, RequestContext context) {
        Entity.Subproject sub = state.liveSubproject(payload.subprojectId());
        if (sub == null) {
            return notFound(payload.subprojectId(), context);
        }

        Entity.Subproject deleted = sub.withLifecycle(sub.lifecycle().tombstoned(context.now()));
        state.replaceSubproject(deleted);
        return Decision.ok(
                "subproject deleted",
                EntityViews.subproject(state, deleted),
                List.of(deleted.subprojectId()));
    }

    private static Decision notFound(String id, RequestContext context) {
        return Decision.notFound(
                Reason.SUBPROJECT_NOT_FOUND, "subproject", id, context.accountId());
    }
}
