package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redis has no rollback, so a script that fails midway keeps the writes it made before the failing
 * command. Each case turns one of the account's keys into a string, which makes every command of
 * the key's real type fail, and checks that the request fails without changing any key.
 */
class PartialWriteIT {
    private static final String ACC = "acc-partial";
    private static final String BA = EntityIds.billingAccount(ACC, "signup");
    private static final String PROJECT = EntityIds.project(ACC, "signup");
    private static final String SUBPROJECT = EntityIds.subproject(ACC, "sub-1");

    private StoreFixture fixture;

    @BeforeEach
    void prepareAccount() {
        fixture = new StoreFixture();
        fixture.sendAll(
                List.of(
                        Requests.signUp("signup", ACC, "PREPAID", "EUR"),
                        Requests.credit("credit-1", ACC, BA, "10"),
                        subprojectCreate("sub-1", "client-1")));
    }

    @AfterEach
    void dropKeys() {
        fixture.close();
    }

    /** One key to corrupt and a request that reads or writes it. */
    record Corruption(String name, Function<AccountKeys, String> key, String request) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Corruption> corruptions() {
        return Stream.of(
                new Corruption(
                        "subprojects, subproject.create",
                        AccountKeys::subprojects,
                        subprojectCreate("when", "client-2")),
                new Corruption(
                        "external-refs, subproject.create",
                        AccountKeys::externalRefs,
                        subprojectCreate("when", "client-2")),
                new Corruption(
                        "subprojects, subproject.delete",
                        AccountKeys::subprojects,
                        request(
                                "subproject.delete",
                                "{'subprojectId':'%s'}".formatted(SUBPROJECT))),
                new Corruption(
                        "links, project.create",
                        AccountKeys::links,
                        request("project.create", "{'displayName':'Web'}")),
                new Corruption(
                        "projects, project.create",
                        AccountKeys::projects,
                        request("project.create", "{'displayName':'Web'}")),
                new Corruption(
                        "billing-accounts, billing-account.create",
                        AccountKeys::billingAccounts,
                        request(
                                "billing-account.create",
                                "{'displayName':'Ops','kind':'PREPAID','currency':'EUR',%s}"
                                        .formatted(Requests.PAYER))),
                new Corruption(
                        "money, usage.record",
                        AccountKeys::money,
                        Requests.usage("when", ACC, SUBPROJECT, "1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void apply_keyOfWrongType_failsNamingKey(Corruption corruption) {
        String key = corrupt(corruption);

        assertThatThrownBy(() -> fixture.send(corruption.request()))
                .rootCause()
                .hasMessageContaining("WRONGTYPE " + key);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void apply_keyOfWrongType_changesNothing(Corruption corruption) {
        corrupt(corruption);
        Map<String, String> before = fixture.dump(ACC, true);

        assertThatThrownBy(() -> fixture.send(corruption.request()));

        assertThat(fixture.dump(ACC, true)).isEqualTo(before);
    }

    @Test
    void createSubproject_subprojectsKeyIsString_leavesNoSubprojectEntity() {
        fixture.redis().set(fixture.keys(ACC).subprojects(), "corrupt");

        assertThatThrownBy(() -> fixture.send(subprojectCreate("when", "client-2")));

        assertThat(fixture.redis().hexists(fixture.keys(ACC).entities(), createdSubproject()))
                .isFalse();
    }

    /** Replaces the case's key with a string and returns the key's name. */
    private String corrupt(Corruption corruption) {
        String key = corruption.key().apply(fixture.keys(ACC));
        fixture.redis().del(key);
        fixture.redis().set(key, "corrupt");
        return key;
    }

    private static String createdSubproject() {
        return EntityIds.subproject(ACC, "when");
    }

    private static String subprojectCreate(String requestId, String externalRef) {
        return Requests.request(
                requestId,
                ACC,
                "subproject.create",
                "{'parentProjectId':'%s','displayName':'Client','externalRef':'%s'}"
                        .formatted(PROJECT, externalRef));
    }

    private static String request(String type, String payload) {
        return Requests.request("when", ACC, type, payload);
    }
}
