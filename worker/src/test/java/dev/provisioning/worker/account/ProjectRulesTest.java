package dev.provisioning.worker.account;

import static dev.provisioning.worker.account.InMemoryFixture.ACCOUNT;
import static dev.provisioning.worker.account.InMemoryFixture.firstBillingAccount;
import static dev.provisioning.worker.account.InMemoryFixture.firstProject;
import static dev.provisioning.worker.account.InMemoryFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectRulesTest {

    @Test
    void create_noBillingAccountNamed_linksFirstBillingAccount() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.billingCreate("b-2", ACCOUNT, "PREPAID", "EUR", null));

        StoreOutcome outcome = fixture.apply(RequestDocuments.projectCreate("p", ACCOUNT, null));

        assertThat(resource(outcome).get("projectId").asText())
                .isEqualTo(EntityIds.project(ACCOUNT, "p"));
        assertThat(resource(outcome).get("billingAccountId").asText())
                .isEqualTo(firstBillingAccount());
    }

    @Test
    void create_unknownBillingAccount_rejectedAsBillingAccountNotFound() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.projectCreate("p", ACCOUNT, "ba-missing"));

        assertThat(outcome.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(outcome.reason()).isEqualTo("BILLING_ACCOUNT_NOT_FOUND");
    }

    @Test
    void create_limitReached_rejectedAsLimitExceeded() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.projectCreate("p-2", ACCOUNT, null));
        fixture.apply(RequestDocuments.projectCreate("p-3", ACCOUNT, null));

        StoreOutcome outcome = fixture.apply(RequestDocuments.projectCreate("p-4", ACCOUNT, null));

        assertThat(outcome.reason()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(outcome.message())
                .isEqualTo("account acc-7 has reached its limit of 3 projects");
    }

    @Test
    void update_subprojectId_rejectedAsProjectNotFound() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.subprojectCreate("s", ACCOUNT, firstProject(), null));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.document(
                                "u",
                                ACCOUNT,
                                "project.update",
                                Map.of(
                                        "projectId",
                                        EntityIds.subproject(ACCOUNT, "s"),
                                        "displayName",
                                        "x")));

        assertThat(outcome.reason()).isEqualTo("PROJECT_NOT_FOUND");
        assertThat(outcome.message())
                .isEqualTo(
                        "project "
                                + EntityIds.subproject(ACCOUNT, "s")
                                + " not found in account acc-7");
    }

    @Test
    void link_currentBillingAccount_succeedsWithoutChange() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.link("l", ACCOUNT, firstProject(), firstBillingAccount()));

        assertThat(outcome.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(resource(outcome).get("version").asLong()).isEqualTo(1);
        assertThat(outcome.changelog()).isEmpty();
    }

    @Test
    void link_otherBillingAccount_movesLinkAndBumpsVersion() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.billingCreate("b-2", ACCOUNT, "PREPAID", "USD", null));
        String second = EntityIds.billingAccount(ACCOUNT, "b-2");

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.link("l", ACCOUNT, firstProject(), second));
        StoreOutcome deleteFirst =
                fixture.apply(RequestDocuments.billingDelete("d", ACCOUNT, firstBillingAccount()));

        assertThat(resource(outcome).get("billingAccountId").asText()).isEqualTo(second);
        assertThat(resource(outcome).get("version").asLong()).isEqualTo(2);
        assertThat(outcome.message()).isEqualTo("project linked to billing account " + second);
        assertThat(deleteFirst.status()).isEqualTo(ResultStatus.SUCCEEDED);
    }

    @Test
    void delete_lastProject_rejectedAsLastProject() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.projectDelete("d", ACCOUNT, firstProject(), true));

        assertThat(outcome.code()).isEqualTo(ResultCode.FAILED_PRECONDITION);
        assertThat(outcome.reason()).isEqualTo("LAST_PROJECT");
    }

    @Test
    void delete_liveSubprojectsWithoutCascade_rejectedAsHasSubprojects() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.projectCreate("p", ACCOUNT, null));
        String project = EntityIds.project(ACCOUNT, "p");
        fixture.apply(RequestDocuments.subprojectCreate("s", ACCOUNT, project, null));

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.projectDelete("d", ACCOUNT, project, false));

        assertThat(outcome.reason()).isEqualTo("HAS_SUBPROJECTS");
        assertThat(outcome.message())
                .isEqualTo(
                        "project "
                                + project
                                + " has 1 live subproject(s); set cascade to delete them too");
    }

    @Test
    void delete_withCascade_tombstonesSubprojectsSortedThenProject() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.projectCreate("p", ACCOUNT, null));
        String project = EntityIds.project(ACCOUNT, "p");
        fixture.apply(RequestDocuments.subprojectCreate("s-1", ACCOUNT, project, "ref"));
        fixture.apply(RequestDocuments.subprojectCreate("s-2", ACCOUNT, project, null));
        String first = EntityIds.subproject(ACCOUNT, "s-1");
        String second = EntityIds.subproject(ACCOUNT, "s-2");
        String[] sorted =
                first.compareTo(second) < 0
                        ? new String[] {first, second}
                        : new String[] {second, first};

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.projectDelete("d", ACCOUNT, project, true));

        assertThat(resource(outcome).get("deletedSubprojectCount").asInt()).isEqualTo(2);
        assertThat(resource(outcome).get("deleted").asBoolean()).isTrue();
        assertThat(outcome.changelog())
                .extracting(ChangelogEntry::entityId)
                .containsExactly(sorted[0], sorted[1], project);
        assertThat(InMemoryFixture.changelogState(outcome, 0).get("deleted").asBoolean()).isTrue();
    }
}
