package dev.provisioning.worker.account;

import static dev.provisioning.worker.account.InMemoryFixture.ACCOUNT;
import static dev.provisioning.worker.account.InMemoryFixture.firstBillingAccount;
import static dev.provisioning.worker.account.InMemoryFixture.firstProject;
import static dev.provisioning.worker.account.InMemoryFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.contracts.ResultCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageRulesTest {

    @Test
    void record_onSubproject_chargesParentsBillingAccountAndAddsTotals() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.credit("c", ACCOUNT, firstBillingAccount(), "10", "EUR"));
        fixture.apply(RequestDocuments.subprojectCreate("s", ACCOUNT, firstProject(), null));
        String sub = EntityIds.subproject(ACCOUNT, "s");

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.usage("use", ACCOUNT, "u-1", sub, "1.5", "EUR"));

        JsonNode charge = resource(outcome);
        assertThat(charge.get("projectId").asText()).isEqualTo(firstProject());
        assertThat(charge.get("subprojectId").asText()).isEqualTo(sub);
        assertThat(charge.get("billingAccountId").asText()).isEqualTo(firstBillingAccount());
        assertThat(charge.get("amount").asText()).isEqualTo("1.50");
        assertThat(charge.get("balance").asText()).isEqualTo("8.50");
        assertThat(charge.get("quantity").asLong()).isEqualTo(3);
        assertThat(outcome.changelog())
                .extracting(ChangelogEntry::entityId)
                .containsExactly(firstBillingAccount(), firstProject(), sub);
        JsonNode subState = InMemoryFixture.changelogState(outcome, 2);
        assertThat(subState.at("/usage/0/currency").asText()).isEqualTo("EUR");
        assertThat(subState.at("/usage/0/amount").asText()).isEqualTo("1.50");
        assertThat(subState.at("/usage/0/quantity").asText()).isEqualTo("3");
        assertThat(subState.at("/usage/0/records").asText()).isEqualTo("1");
    }

    @Test
    void record_usageIdSeenBefore_rejectedAsAlreadyRecorded() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("POSTPAID", "EUR");
        fixture.apply(RequestDocuments.usage("use-1", ACCOUNT, "u", firstProject(), "1", "EUR"));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.usage("use-2", ACCOUNT, "u", firstProject(), "1", "EUR"));

        assertThat(outcome.code()).isEqualTo(ResultCode.ALREADY_EXISTS);
        assertThat(outcome.reason()).isEqualTo("USAGE_ALREADY_RECORDED");
        assertThat(outcome.message()).isEqualTo("usage u was already recorded by request use-1");
    }

    @Test
    void record_deletedSubproject_rejectedAsSubprojectNotFound() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("POSTPAID", "EUR");
        fixture.apply(RequestDocuments.subprojectCreate("s", ACCOUNT, firstProject(), null));
        String sub = EntityIds.subproject(ACCOUNT, "s");
        fixture.apply(RequestDocuments.subprojectDelete("d", ACCOUNT, sub));

        StoreOutcome outcome =
                fixture.apply(RequestDocuments.usage("use", ACCOUNT, "u", sub, "1", "EUR"));

        assertThat(outcome.reason()).isEqualTo("SUBPROJECT_NOT_FOUND");
    }

    @Test
    void record_unknownProject_rejectedAsProjectNotFound() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("POSTPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.document(
                                "use",
                                ACCOUNT,
                                "usage.record",
                                Map.of(
                                        "usageId", "u",
                                        "projectId", "prj-missing",
                                        "amount", "1",
                                        "currency", "EUR")));

        assertThat(outcome.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(outcome.reason()).isEqualTo("PROJECT_NOT_FOUND");
    }

    @Test
    void record_otherCurrency_rejectedAsCurrencyMismatch() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("POSTPAID", "EUR");

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.usage("use", ACCOUNT, "u", firstProject(), "1", "USD"));

        assertThat(outcome.reason()).isEqualTo("CURRENCY_MISMATCH");
        assertThat(outcome.message())
                .isEqualTo(
                        "billing account "
                                + firstBillingAccount()
                                + " of project "
                                + firstProject()
                                + " is in EUR, not USD");
    }

    @Test
    void record_prepaidOverBalance_rejectedAsInsufficientFunds() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.credit("c", ACCOUNT, firstBillingAccount(), "1", "EUR"));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.usage(
                                "use", ACCOUNT, "u", firstProject(), "1.000001", "EUR"));

        assertThat(outcome.reason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(outcome.message())
                .isEqualTo(
                        "prepaid billing account "
                                + firstBillingAccount()
                                + " has 1.00 EUR, the charge is 1.000001");
    }

    @Test
    void record_postpaidPastCreditLimit_rejectedAsCreditLimitExceeded() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("POSTPAID", "EUR");
        fixture.apply(
                RequestDocuments.document(
                        "limit",
                        ACCOUNT,
                        "billing-account.update",
                        Map.of("billingAccountId", firstBillingAccount(), "creditLimit", "2")));
        fixture.apply(RequestDocuments.usage("use-1", ACCOUNT, "u-1", firstProject(), "2", "EUR"));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.usage(
                                "use-2", ACCOUNT, "u-2", firstProject(), "0.000001", "EUR"));

        assertThat(outcome.reason()).isEqualTo("CREDIT_LIMIT_EXCEEDED");
        assertThat(outcome.message())
                .isEqualTo(
                        "postpaid billing account "
                                + firstBillingAccount()
                                + " owes 2.00 of a 2.00 credit limit; the charge is 0.000001");
    }

    @Test
    void record_postpaidPastLargestStoredAmount_rejectedAsAmountLimitExceeded() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("POSTPAID", "EUR");
        for (int i = 0; i < 9; i++) {
            fixture.apply(
                    RequestDocuments.usage(
                            "use-" + i, ACCOUNT, "u-" + i, firstProject(), "1000000000", "EUR"));
        }

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.usage(
                                "use-last", ACCOUNT, "u-last", firstProject(), "0.000001", "EUR"));

        assertThat(outcome.code()).isEqualTo(ResultCode.RESOURCE_EXHAUSTED);
        assertThat(outcome.reason()).isEqualTo("AMOUNT_LIMIT_EXCEEDED");
    }

    /** Usage totals only grow; past 2^53 micro-units the Redis script would show them inexactly. */
    @Test
    void record_usageTotalPastLargestStoredAmount_rejectedAsAmountLimitExceeded() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("POSTPAID", "EUR");
        for (int i = 0; i < 9; i++) {
            fixture.apply(
                    RequestDocuments.usage(
                            "use-" + i, ACCOUNT, "u-" + i, firstProject(), "1000000000", "EUR"));
        }
        fixture.apply(
                RequestDocuments.credit(
                        "pay", ACCOUNT, firstBillingAccount(), "1000000000", "EUR"));

        StoreOutcome outcome =
                fixture.apply(
                        RequestDocuments.usage(
                                "use-last", ACCOUNT, "u-last", firstProject(), "1", "EUR"));

        assertThat(outcome.reason()).isEqualTo("AMOUNT_LIMIT_EXCEEDED");
        assertThat(outcome.message())
                .isEqualTo(
                        "usage total of "
                                + firstBillingAccount()
                                + " in EUR would pass the largest stored amount");
    }

    @Test
    void record_rejected_changesNothing() {
        InMemoryFixture fixture = InMemoryFixture.signedUp("PREPAID", "EUR");
        fixture.apply(RequestDocuments.credit("c", ACCOUNT, firstBillingAccount(), "1", "EUR"));
        fixture.apply(RequestDocuments.usage("big", ACCOUNT, "u", firstProject(), "5", "EUR"));

        StoreOutcome retry =
                fixture.apply(
                        RequestDocuments.usage("small", ACCOUNT, "u", firstProject(), "1", "EUR"));

        assertThat(retry.code()).isEqualTo(ResultCode.OK);
        assertThat(resource(retry).get("balance").asText()).isEqualTo("0.00");
    }
}
