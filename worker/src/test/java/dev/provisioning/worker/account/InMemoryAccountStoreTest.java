package dev.provisioning.worker.account;

import static dev.provisioning.worker.account.InMemoryFixture.ACCOUNT;
import static dev.provisioning.worker.account.InMemoryFixture.firstBillingAccount;
import static dev.provisioning.worker.account.InMemoryFixture.firstProject;
import static dev.provisioning.worker.account.InMemoryFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import org.junit.jupiter.api.Test;

class InMemoryAccountStoreTest {

    @Test
    void signUp_newAccount_createsAccountBillingAccountAndProject() {
        InMemoryFixture fixture = new InMemoryFixture();

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.signUp("signup", ACCOUNT, "PREPAID", "EUR"));

        assertThat(outcome.status()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(outcome.code()).isEqualTo(ResultCode.OK);
        assertThat(outcome.reason()).isNull();
        JsonNode resource = resource(outcome);
        assertThat(resource.at("/account/accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(resource.at("/billingAccount/billingAccountId").asText())
                .isEqualTo(firstBillingAccount());
        assertThat(resource.at("/billingAccount/displayName").asText())
                .isEqualTo("Account " + ACCOUNT);
        assertThat(resource.at("/billingAccount/balance").asText()).isEqualTo("0.00");
        assertThat(resource.at("/billingAccount/payer").isMissingNode()).isTrue();
        assertThat(resource.at("/project/billingAccountId").asText())
                .isEqualTo(firstBillingAccount());
        assertThat(resource.at("/project/displayName").asText()).isEqualTo("Default project");
        assertThat(outcome.changelog())
                .extracting(ChangelogEntry::entityId)
                .containsExactly(ACCOUNT, firstBillingAccount(), firstProject());
        assertThat(InMemoryFixture.changelogState(outcome, 1).at("/payer/taxId").asText())
                .isEqualTo("TAX-Payer of " + ACCOUNT);
    }

    @Test
    void signUp_accountExists_rejectedWithExistingAccount() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.signUp("signup-2", ACCOUNT, "POSTPAID", "USD"));

        assertThat(outcome.code()).isEqualTo(ResultCode.ALREADY_EXISTS);
        assertThat(outcome.reason()).isEqualTo("ACCOUNT_EXISTS");
        assertThat(resource(outcome).at("/account/accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(outcome.changelog()).isEmpty();
    }

    @Test
    void projectCreate_accountMissing_rejectedAsAccountNotFound() {
        InMemoryFixture fixture = new InMemoryFixture();

        StoreOutcome outcome = fixture.apply(RequestDocuments.projectCreate("p", ACCOUNT, null));

        assertThat(outcome.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(outcome.reason()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(outcome.message()).isEqualTo("account acc-7 not found");
    }

    @Test
    void repeat_samePayload_returnsFirstOutcomeReplayed() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        String credit = RequestDocuments.credit("c", ACCOUNT, firstBillingAccount(), "5", "EUR");
        StoreOutcome first = fixture.apply(credit);

        StoreOutcome repeat = fixture.apply(credit);

        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.processedAt()).isEqualTo(first.processedAt());
        assertThat(repeat.resourceJson()).isEqualTo(first.resourceJson());
        assertThat(resource(repeat).get("balance").asText()).isEqualTo("5.00");
        assertThat(repeat.changelog())
                .extracting(ChangelogEntry::entityId)
                .containsExactly(firstBillingAccount());
    }

    @Test
    void repeat_rejectedRequest_staysRejectedAfterStateChanges() {
        InMemoryFixture fixture = new InMemoryFixture();
        String early = RequestDocuments.projectCreate("p", ACCOUNT, null);
        fixture.apply(early);
        fixture.apply(RequestDocuments.signUp("signup", ACCOUNT, "PREPAID", "EUR"));

        StoreOutcome repeat = fixture.apply(early);

        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.reason()).isEqualTo("ACCOUNT_NOT_FOUND");
    }

    @Test
    void repeat_otherPayload_rejectedAsIdempotencyKeyReused() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.credit("c", ACCOUNT, firstBillingAccount(), "5", "EUR"));

        StoreOutcome reused =
                fixture.apply(
                        RequestDocuments.credit("c", ACCOUNT, firstBillingAccount(), "6", "EUR"));
        StoreOutcome original =
                fixture.apply(
                        RequestDocuments.credit("c", ACCOUNT, firstBillingAccount(), "5", "EUR"));

        assertThat(reused.code()).isEqualTo(ResultCode.FAILED_PRECONDITION);
        assertThat(reused.reason()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(reused.replayed()).isFalse();
        assertThat(reused.processedAt())
                .isEqualTo(fixture.lastDecisionTime().minusSeconds(1).toString());
        assertThat(original.replayed()).isTrue();
        assertThat(resource(original).get("balance").asText()).isEqualTo("5.00");
    }
}
