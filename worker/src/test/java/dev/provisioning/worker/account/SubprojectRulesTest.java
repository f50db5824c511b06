package dev.provisioning.worker.account;

import static dev.provisioning.worker.account.InMemoryFixture.ACCOUNT;
import static dev.provisioning.worker.account.InMemoryFixture.firstProject;
import static dev.provisioning.worker.account.InMemoryFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubprojectRulesTest {

    @Test
    void create_parentIsSubproject_rejectedAsParentNotFound() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.subprojectCreate("s", ACCOUNT, firstProject(), null));
        String sub = EntityIds.subproject(ACCOUNT, "s");

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.subprojectCreate("nested", ACCOUNT, sub, null));

        assertThat(outcome.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(outcome.reason()).isEqualTo("PARENT_NOT_FOUND");
        assertThat(outcome.message())
                .isEqualTo("parent project " + sub + " not found in account acc-7");
    }

    @Test
    void create_externalRefTaken_rejectedWithExistingSubproject() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.subprojectCreate("s-1", ACCOUNT, firstProject(), "c-1"));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.subprojectCreate("s-2", ACCOUNT, firstProject(), "c-1"));

        assertThat(outcome.code()).isEqualTo(ResultCode.ALREADY_EXISTS);
        assertThat(outcome.reason()).isEqualTo("EXTERNAL_REF_TAKEN");
        assertThat(resource(outcome).get("subprojectId").asText())
                .isEqualTo(EntityIds.subproject(ACCOUNT, "s-1"));
    }

    @Test
    void create_externalRefOfDeletedSubproject_succeeds() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.subprojectCreate("s-1", ACCOUNT, firstProject(), "c-1"));
        fixture.apply(
                RequestDocuments.subprojectDelete(
                        "d", ACCOUNT, EntityIds.subproject(ACCOUNT, "s-1")));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.subprojectCreate("s-2", ACCOUNT, firstProject(), "c-1"));

        assertThat(outcome.status()).isEqualTo(ResultStatus.SUCCEEDED);
    }

    @Test
    void create_limitReached_rejectedAsLimitExceeded() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.subprojectCreate("s-1", ACCOUNT, firstProject(), null));
        fixture.apply(RequestDocuments.subprojectCreate("s-2", ACCOUNT, firstProject(), null));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.subprojectCreate("s-3", ACCOUNT, firstProject(), null));

        assertThat(outcome.code()).isEqualTo(ResultCode.RESOURCE_EXHAUSTED);
        assertThat(outcome.reason()).isEqualTo("LIMIT_EXCEEDED");
    }

    @Test
    void update_labels_replacesAllLabels() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(
                RequestDocuments.document(
                        "s",
                        ACCOUNT,
                        "subproject.create",
                        Map.of(
                                "parentProjectId", firstProject(),
                                "displayName", "Client",
                                "labels", Map.of("a", "1", "b", "2"))));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.document(
                                "u",
                                ACCOUNT,
                                "subproject.update",
                                Map.of(
                                        "subprojectId",
                                        EntityIds.subproject(ACCOUNT, "s"),
                                        "labels",
                                        Map.of("c", "3"))));

        assertThat(resource(outcome).get("labels").size()).isEqualTo(1);
        assertThat(resource(outcome).at("/labels/c").asText()).isEqualTo("3");
        assertThat(resource(outcome).get("displayName").asText()).isEqualTo("Client");
        assertThat(resource(outcome).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void delete_twice_rejectedAsSubprojectNotFound() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.subprojectCreate("s", ACCOUNT, firstProject(), null));
        String sub = EntityIds.subproject(ACCOUNT, "s");
        fixture.apply(RequestDocuments.subprojectDelete("d-1", ACCOUNT, sub));

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.subprojectDelete("d-2", ACCOUNT, sub));

        assertThat(outcome.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(outcome.reason()).isEqualTo("SUBPROJECT_NOT_FOUND");
    }
}
