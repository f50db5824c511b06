package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.ResultStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Redis that lost its scripts (restart, failover, SCRIPT FLUSH) is given the script again. */
class NoScriptIT {
    private static final String ACC = "acc-noscript";
    private static final String PROJECT = EntityIds.project(ACC, "signup");

    private StoreFixture fixture;

    @BeforeEach
    void signUp() {
        fixture = new StoreFixture();
        fixture.send(Requests.signUp("signup", ACC, "POSTPAID", "EUR"));
    }

    @AfterEach
    void dropKeys() {
        fixture.close();
    }

    @Test
    void apply_afterScriptFlush_succeeds() {
        fixture.redis().scriptFlush();

        StoreOutcome outcome = fixture.send(createSubproject());

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(ResultStatus.SUCCEEDED);
    }

    @Test
    void apply_afterScriptFlush_loadsScriptAgain() {
        fixture.redis().scriptFlush();

        fixture.send(createSubproject());

        assertThat(fixture.redis().scriptExists(ApplyScript.load().sha1())).containsExactly(true);
    }

    private static String createSubproject() {
        return Requests.request(
                "sub-1",
                ACC,
                "subproject.create",
                "{'parentProjectId':'%s','displayName':'Client 1'}".formatted(PROJECT));
    }
}
