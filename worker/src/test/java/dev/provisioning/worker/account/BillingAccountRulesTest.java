package dev.provisioning.worker.account;

import static dev.provisioning.worker.account.InMemoryFixture.ACCOUNT;
import static dev.provisioning.worker.account.InMemoryFixture.firstBillingAccount;
import static dev.provisioning.worker.account.InMemoryFixture.firstProject;
import static dev.provisioning.worker.account.InMemoryFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.ResultCode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BillingAccountRulesTest {

    @Test
    void create_limitReached_rejectedAsLimitExceeded() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.billingCreate("b-2", ACCOUNT, "PREPAID", "EUR", null));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.billingCreate("b-3", ACCOUNT, "PREPAID", "EUR", null));

        assertThat(outcome.code()).isEqualTo(ResultCode.RESOURCE_EXHAUSTED);
        assertThat(outcome.reason()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(outcome.message())
                .isEqualTo("account acc-7 has reached its limit of 2 billing accounts");
    }

    @Test
    void update_unknownBillingAccount_rejectedAsNotFound() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");

        StoreOutcome outcome = fixture.apply(update("u", "ba-missing", Map.of("displayName", "x")));

        assertThat(outcome.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(outcome.reason()).isEqualTo("BILLING_ACCOUNT_NOT_FOUND");
        assertThat(outcome.message())
                .isEqualTo("billing account ba-missing not found in account acc-7");
    }

    @Test
    void update_creditLimitOnPrepaid_rejectedAsWrongBillingKind() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(update("u", firstBillingAccount(), Map.of("creditLimit", "10")));

        assertThat(outcome.reason()).isEqualTo("WRONG_BILLING_KIND");
        assertThat(outcome.code()).isEqualTo(ResultCode.FAILED_PRECONDITION);
    }

    @Test
    void update_creditLimitOnPostpaid_setsLimitAndVersion() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("POSTPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(update("u", firstBillingAccount(), Map.of("creditLimit", "10.5")));

        assertThat(resource(outcome).get("creditLimit").asText()).isEqualTo("10.50");
        assertThat(resource(outcome).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void credit_otherCurrency_rejectedAsCurrencyMismatch() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.credit("c", ACCOUNT, firstBillingAccount(), "1", "USD"));

        assertThat(outcome.reason()).isEqualTo("CURRENCY_MISMATCH");
        assertThat(outcome.message())
                .isEqualTo("billing account " + firstBillingAccount() + " is in EUR, not USD");
    }

    @Test
    void credit_prepaid_addsToBalanceWithoutNewVersion() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.credit(
                                "c", ACCOUNT, firstBillingAccount(), "0.0075", "EUR"));

        assertThat(resource(outcome).get("balance").asText()).isEqualTo("0.0075");
        assertThat(resource(outcome).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void credit_postpaidMoreThanOwed_rejectedAsCreditExceedsOwed() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("POSTPAID", "EUR");
        fixture.apply(RequestDocuments.usage("use", ACCOUNT, "u", firstProject(), "2", "EUR"));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.credit(
                                "c", ACCOUNT, firstBillingAccount(), "2.000001", "EUR"));

        assertThat(outcome.reason()).isEqualTo("CREDIT_EXCEEDS_OWED");
        assertThat(outcome.message())
                .isEqualTo(
                        "postpaid billing account "
                                + firstBillingAccount()
                                + " owes 2.00; a credit may pay down at most that");
    }

    @Test
    void credit_pastLargestStoredAmount_rejectedAsAmountLimitExceeded() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        for (int i = 0; i < 9; i++) {
            fixture.apply(
                    RequestDocuments.credit(
                            "c-" + i, ACCOUNT, firstBillingAccount(), "1000000000", "EUR"));
        }

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.credit(
                                "c-last", ACCOUNT, firstBillingAccount(), "0.000001", "EUR"));

        assertThat(outcome.code()).isEqualTo(ResultCode.RESOURCE_EXHAUSTED);
        assertThat(outcome.reason()).isEqualTo("AMOUNT_LIMIT_EXCEEDED");
    }

    @Test
    void delete_linkedProjects_rejectedAsInUseNamingThem() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.billingCreate("b-2", ACCOUNT, "PREPAID", "EUR", null));

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.billingDelete("d", ACCOUNT, firstBillingAccount()));

        assertThat(outcome.reason()).isEqualTo("BILLING_ACCOUNT_IN_USE");
        assertThat(resource(outcome).get("linkedProjectCount").asInt()).isEqualTo(1);
        assertThat(resource(outcome).get("linkedProjectIds").get(0).asText())
                .isEqualTo(firstProject());
    }

    @Test
    void delete_unlinked_leavesTombstone() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.billingCreate("b-2", ACCOUNT, "PREPAID", "EUR", null));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.billingDelete(
                                "d", ACCOUNT, EntityIds.billingAccount(ACCOUNT, "b-2")));

        assertThat(resource(outcome).get("deleted").asBoolean()).isTrue();
        assertThat(resource(outcome).get("deleteTime").asText())
                .isEqualTo(fixture.lastDecisionTime().toString());
    }

    @Test
    void delete_onlyBillingAccount_rejectedAsLast() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.billingDelete("d", ACCOUNT, firstBillingAccount()));

        assertThat(outcome.reason()).isEqualTo("LAST_BILLING_ACCOUNT");
        assertThat(outcome.message())
                .isEqualTo(
                        "billing account "
                                + firstBillingAccount()
                                + " is the last one of account acc-7");
    }

    private static String update(String requestId, String billingId, Map<String, String> changes) {
        Map<String, Object> payload = new LinkedHashMap<>(changes);
        payload.put("billingAccountId", billingId);
        return RequestDocuments.document(requestId, ACCOUNT, "billing-account.update", payload);
    }
}
