package dev.provisioning.worker.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.RequestType;
import dev.provisioning.contracts.payload.BillingAccountDelete;
import dev.provisioning.contracts.payload.BillingKind;
import dev.provisioning.contracts.payload.ProjectDelete;
import dev.provisioning.contracts.payload.ProjectLinkBillingAccount;
import dev.provisioning.contracts.payload.RequestPayload;
import dev.provisioning.contracts.payload.SubprojectDelete;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BillingRoutesTest {
    private static final BillingRoute PROJECT =
            new BillingRoute("acc-1", "prj-1", null, "ba-1", "EUR", BillingKind.PREPAID);
    private static final BillingRoute SUBPROJECT =
            new BillingRoute("acc-1", "prj-1", "sub-1", "ba-1", "EUR", BillingKind.PREPAID);
    private static final BillingRoute OTHER_PROJECT =
            new BillingRoute("acc-1", "prj-2", "sub-2", "ba-2", "EUR", BillingKind.POSTPAID);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BillingRoutes routes = new BillingRoutes(100, registry, Runnable::run);

    @Test
    void lookup_cachedRoute_hit() {
        routes.remember(SUBPROJECT);

        BillingRoute route = routes.lookup("acc-1", null, "sub-1");

        assertThat(route).isSameAs(SUBPROJECT);
        assertThat(count("hit")).isEqualTo(1);
    }

    @Test
    void lookup_empty_missCounted() {
        BillingRoute route = routes.lookup("acc-1", "prj-1", null);

        assertThat(route).isNull();
        assertThat(count("miss")).isEqualTo(1);
    }

    @Test
    void lookup_otherAccount_miss() {
        routes.remember(SUBPROJECT);

        assertThat(routes.lookup("acc-2", null, "sub-1")).isNull();
    }

    @Test
    void lookup_subprojectRouteForProjectField_miss() {
        routes.remember(SUBPROJECT);

        assertThat(routes.lookup("acc-1", "sub-1", null)).isNull();
    }

    @Test
    void lookup_projectRouteForSubprojectField_miss() {
        routes.remember(PROJECT);

        assertThat(routes.lookup("acc-1", null, "prj-1")).isNull();
    }

    @Test
    void afterCharge_resolvedRoute_replacesEntry() {
        routes.remember(SUBPROJECT);
        BillingRoute relinked =
                new BillingRoute("acc-1", "prj-1", "sub-1", "ba-9", "EUR", BillingKind.POSTPAID);

        routes.afterCharge("sub-1", HintCheck.STALE, relinked);

        assertThat(routes.lookup("acc-1", null, "sub-1")).isEqualTo(relinked);
        assertThat(staleHints()).isEqualTo(1);
    }

    @Test
    void afterCharge_staleWithoutRoute_dropsEntry() {
        routes.remember(SUBPROJECT);

        routes.afterCharge("sub-1", HintCheck.STALE, null);

        assertThat(routes.lookup("acc-1", null, "sub-1")).isNull();
    }

    @Test
    void afterCharge_verified_keepsEntryAndCountsNoFailure() {
        routes.remember(SUBPROJECT);

        routes.afterCharge("sub-1", HintCheck.VERIFIED, null);

        assertThat(routes.lookup("acc-1", null, "sub-1")).isSameAs(SUBPROJECT);
        assertThat(staleHints()).isZero();
    }

    @Test
    void afterChange_relink_dropsProjectAndItsSubprojects() {
        rememberAll();

        routes.afterChange(request(new ProjectLinkBillingAccount("prj-1", "ba-3")));

        assertThat(routes.peek("acc-1", "prj-1")).isNull();
        assertThat(routes.peek("acc-1", "sub-1")).isNull();
        assertThat(routes.peek("acc-1", "sub-2")).isSameAs(OTHER_PROJECT);
    }

    /** A route refreshed for the same subproject once dropped it from the project index. */
    @Test
    void afterChange_relinkAfterRouteRefreshed_dropsSubproject() {
        rememberAll();
        routes.remember(
                new BillingRoute("acc-1", "prj-1", "sub-1", "ba-1", "EUR", BillingKind.PREPAID));

        routes.afterChange(request(new ProjectLinkBillingAccount("prj-1", "ba-3")));

        assertThat(routes.peek("acc-1", "sub-1")).isNull();
    }

    @Test
    void afterChange_projectDelete_dropsProjectAndItsSubprojects() {
        rememberAll();

        routes.afterChange(request(new ProjectDelete("prj-1", true)));

        assertThat(routes.peek("acc-1", "prj-1")).isNull();
        assertThat(routes.peek("acc-1", "sub-1")).isNull();
        assertThat(routes.peek("acc-1", "sub-2")).isSameAs(OTHER_PROJECT);
    }

    @Test
    void afterChange_subprojectDelete_dropsOnlyThatSubproject() {
        rememberAll();

        routes.afterChange(request(new SubprojectDelete("sub-1")));

        assertThat(routes.peek("acc-1", "sub-1")).isNull();
        assertThat(routes.peek("acc-1", "prj-1")).isSameAs(PROJECT);
    }

    @Test
    void afterChange_billingAccountDelete_dropsRoutesToIt() {
        rememberAll();

        routes.afterChange(request(new BillingAccountDelete("ba-2")));

        assertThat(routes.peek("acc-1", "sub-2")).isNull();
        assertThat(routes.peek("acc-1", "sub-1")).isSameAs(SUBPROJECT);
    }

    @Test
    void afterChange_otherAccountSameIds_keepsEntries() {
        rememberAll();
        ProvisioningRequest foreign =
                new ProvisioningRequest(
                        "1",
                        "req-1",
                        "acc-2",
                        RequestType.PROJECT_LINK_BILLING_ACCOUNT,
                        Instant.EPOCH,
                        new ProjectLinkBillingAccount("prj-2", "ba-3"),
                        "fingerprint");

        routes.afterChange(foreign);

        assertThat(routes.peek("acc-1", "sub-2")).isSameAs(OTHER_PROJECT);
    }

    @Test
    void clear_dropsEverything() {
        rememberAll();

        routes.clear();

        assertThat(routes.size()).isZero();
    }

    @Test
    void remember_pastMaxEntries_evicts() {
        BillingRoutes small = new BillingRoutes(10, new SimpleMeterRegistry(), Runnable::run);

        for (int i = 0; i < 1_000; i++) {
            small.remember(
                    new BillingRoute(
                            "acc-1", "prj-" + i, null, "ba-1", "EUR", BillingKind.PREPAID));
        }
        small.cleanUp();

        assertThat(small.size()).isLessThanOrEqualTo(10);
    }

    private void rememberAll() {
        routes.remember(PROJECT);
        routes.remember(SUBPROJECT);
        routes.remember(OTHER_PROJECT);
    }

    private static ProvisioningRequest request(RequestPayload payload) {
        RequestType type =
                switch (payload) {
                    case ProjectLinkBillingAccount ignored ->
                            RequestType.PROJECT_LINK_BILLING_ACCOUNT;
                    case ProjectDelete ignored -> RequestType.PROJECT_DELETE;
                    case SubprojectDelete ignored -> RequestType.SUBPROJECT_DELETE;
                    default -> RequestType.BILLING_ACCOUNT_DELETE;
                };
        return new ProvisioningRequest(
                "1", "req-1", "acc-1", type, Instant.EPOCH, payload, "fingerprint");
    }

    private double count(String result) {
        return registry.get("provisioning.billing.route.lookups")
                .tag("result", result)
                .functionCounter()
                .count();
    }

    private double staleHints() {
        return registry.get("provisioning.billing.route.verification.failures")
                .functionCounter()
                .count();
    }
}
