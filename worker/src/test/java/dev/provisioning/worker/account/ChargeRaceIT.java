package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.ResultStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many usage records race for one prepaid balance from several threads, each with a connection and
 * a Vert.x context of its own. The balance must never go below zero and every successful charge
 * must be paid for exactly.
 */
class ChargeRaceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACC = "acc-race";
    private static final String BA = EntityIds.billingAccount(ACC, "signup");
    private static final String PROJECT = EntityIds.project(ACC, "signup");
    private static final int THREADS = 8;
    private static final int CHARGES = 500;
    private static final BigDecimal BALANCE = new BigDecimal("100");
    private static final BigDecimal CHARGE = new BigDecimal("0.3");
    private static final long DEADLINE_SECONDS = 30;

    private StoreFixture fixture;
    private ExecutorService executor;

    @BeforeEach
    void prepareBalance() {
        fixture = new StoreFixture();
        executor = Executors.newFixedThreadPool(THREADS);
        fixture.sendAll(
                List.of(
                        Requests.signUp("signup", ACC, "PREPAID", "EUR"),
                        Requests.credit("credit-1", ACC, BA, BALANCE.toPlainString())));
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        fixture.close();
    }

    @Test
    void recordUsage_racingCharges_succeedAsOftenAsBalanceAllows() throws Exception {
        List<StoreOutcome> outcomes = chargeConcurrently();

        long successes = outcomes.stream().filter(ChargeRaceIT::succeeded).count();

        long affordable = BALANCE.divideToIntegralValue(CHARGE).longValueExact();
        assertThat(successes).isEqualTo(affordable);
    }

    @Test
    void recordUsage_racingCharges_debitExactlyTheirSum() throws Exception {
        List<StoreOutcome> outcomes = chargeConcurrently();

        BigDecimal charged =
                outcomes.stream()
                        .filter(ChargeRaceIT::succeeded)
                        .map(outcome -> new BigDecimal(field(outcome.resourceJson(), "amount")))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);

        assertThat(BALANCE.subtract(charged)).isEqualByComparingTo(currentBalance());
    }

    @Test
    void recordUsage_racingCharges_neverOverdraw() throws Exception {
        List<StoreOutcome> outcomes = chargeConcurrently();

        List<BigDecimal> balancesSeen =
                outcomes.stream()
                        .filter(ChargeRaceIT::succeeded)
                        .map(outcome -> new BigDecimal(field(outcome.resourceJson(), "balance")))
                        .toList();

        assertThat(balancesSeen).allSatisfy(balance -> assertThat(balance).isNotNegative());
    }

    @Test
    void recordUsage_racingCharges_rejectOnlyForInsufficientFunds() throws Exception {
        List<StoreOutcome> outcomes = chargeConcurrently();

        List<String> reasons =
                outcomes.stream().filter(o -> !succeeded(o)).map(StoreOutcome::reason).toList();

        assertThat(reasons).containsOnly("INSUFFICIENT_FUNDS");
    }

    /** Sends all charges from {@link #THREADS} threads, each thread on a store of its own. */
    private List<StoreOutcome> chargeConcurrently() throws Exception {
        List<Callable<List<StoreOutcome>>> workers = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            RedisAccountStore store = fixture.newStore();
            int first = thread;
            workers.add(
                    () -> {
                        List<StoreOutcome> outcomes = new ArrayList<>();
                        for (int i = first; i < CHARGES; i += THREADS) {
                            String request =
                                    Requests.usage("u-" + i, ACC, PROJECT, CHARGE.toPlainString());
                            outcomes.add(StoreFixture.send(store, request));
                        }
                        return outcomes;
                    });
        }

        List<StoreOutcome> all = new ArrayList<>();
        for (Future<List<StoreOutcome>> result :
                executor.invokeAll(workers, DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            all.addAll(result.get());
        }
        assertThat(all).as("outcomes within %d s", DEADLINE_SECONDS).hasSize(CHARGES);
        return all;
    }

    private BigDecimal currentBalance() {
        String rename =
                Requests.request(
                        "read-balance",
                        ACC,
                        "billing-account.update",
                        "{'billingAccountId':'%s','displayName':'Read'}".formatted(BA));
        return new BigDecimal(field(fixture.send(rename).resourceJson(), "balance"));
    }

    private static boolean succeeded(StoreOutcome outcome) {
        return outcome.status() == ResultStatus.SUCCEEDED;
    }

    private static String field(String json, String name) {
        try {
            return JSON.readTree(json).path(name).asText();
        } catch (Exception e) {
            throw new IllegalStateException("resource is not JSON: " + json, e);
        }
    }
}
