package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Amounts are exact micro-units end to end: no charge or credit loses or gains a fraction. */
class MoneyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACC = "acc-money";
    private static final String BA = EntityIds.billingAccount(ACC, "signup");
    private static final String PROJECT = EntityIds.project(ACC, "signup");

    private StoreFixture fixture;

    @BeforeEach
    void openStore() {
        fixture = new StoreFixture();
    }

    @AfterEach
    void dropKeys() {
        fixture.close();
    }

    @Test
    void recordUsage_tenTenthsOfOne_leaveZeroBalance() {
        signUpPrepaidWith("1");

        StoreOutcome last = null;
        for (int i = 0; i < 10; i++) {
            last = fixture.send(Requests.usage("u-" + i, ACC, PROJECT, "0.1"));
        }

        assertThat(field(last, "balance")).isEqualTo("0.00");
    }

    @Test
    void recordUsage_eleventhTenthOfOne_rejectedInsufficientFunds() {
        signUpPrepaidWith("1");
        for (int i = 0; i < 10; i++) {
            fixture.send(Requests.usage("u-" + i, ACC, PROJECT, "0.1"));
        }

        StoreOutcome eleventh = fixture.send(Requests.usage("u-10", ACC, PROJECT, "0.1"));

        assertThat(eleventh.reason()).isEqualTo("INSUFFICIENT_FUNDS");
    }

    @Test
    void credit_sixFractionDigits_sumsExactly() {
        signUpPrepaidWith("0.000001");
        fixture.send(Requests.credit("credit-2", ACC, BA, "1.123456"));

        StoreOutcome outcome = fixture.send(Requests.credit("credit-3", ACC, BA, "2.999999"));

        assertThat(field(outcome, "balance")).isEqualTo("4.123456");
    }

    @Test
    void recordUsage_sixFractionDigits_leavesExactRemainder() {
        signUpPrepaidWith("4.123456");

        StoreOutcome outcome = fixture.send(Requests.usage("u-1", ACC, PROJECT, "4.123455"));

        assertThat(field(outcome, "balance")).isEqualTo("0.000001");
    }

    @Test
    void recordUsage_postpaid_accruesOwedExactly() {
        fixture.send(Requests.signUp("signup", ACC, "POSTPAID", "EUR"));
        for (int i = 0; i < 3; i++) {
            fixture.send(Requests.usage("u-" + i, ACC, PROJECT, "0.1"));
        }

        StoreOutcome outcome = fixture.send(Requests.usage("u-3", ACC, PROJECT, "0.000001"));

        assertThat(field(outcome, "owed")).isEqualTo("0.300001");
    }

    @Test
    void credit_postpaid_paysDownOwedExactly() {
        fixture.send(Requests.signUp("signup", ACC, "POSTPAID", "EUR"));
        fixture.send(Requests.usage("u-1", ACC, PROJECT, "0.3"));

        StoreOutcome outcome = fixture.send(Requests.credit("credit-1", ACC, BA, "0.299999"));

        assertThat(field(outcome, "owed")).isEqualTo("0.000001");
    }

    private void signUpPrepaidWith(String balance) {
        fixture.sendAll(
                List.of(
                        Requests.signUp("signup", ACC, "PREPAID", "EUR"),
                        Requests.credit("credit-1", ACC, BA, balance)));
    }

    private static String field(StoreOutcome outcome, String name) {
        try {
            return JSON.readTree(outcome.resourceJson()).path(name).asText();
        } catch (Exception e) {
            throw new IllegalStateException("resource is not JSON: " + outcome, e);
        }
    }
}
