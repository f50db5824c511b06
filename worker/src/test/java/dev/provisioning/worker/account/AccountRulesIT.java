package dev.provisioning.worker.account;

import static dev.provisioning.contracts.Reason.ACCOUNT_EXISTS;
import static dev.provisioning.contracts.Reason.BILLING_ACCOUNT_IN_USE;
import static dev.provisioning.contracts.Reason.BILLING_ACCOUNT_NOT_FOUND;
import static dev.provisioning.contracts.Reason.CREDIT_EXCEEDS_OWED;
import static dev.provisioning.contracts.Reason.CREDIT_LIMIT_EXCEEDED;
import static dev.provisioning.contracts.Reason.CURRENCY_MISMATCH;
import static dev.provisioning.contracts.Reason.EXTERNAL_REF_TAKEN;
import static dev.provisioning.contracts.Reason.HAS_SUBPROJECTS;
import static dev.provisioning.contracts.Reason.INSUFFICIENT_FUNDS;
import static dev.provisioning.contracts.Reason.LAST_BILLING_ACCOUNT;
import static dev.provisioning.contracts.Reason.LAST_PROJECT;
import static dev.provisioning.contracts.Reason.LIMIT_EXCEEDED;
import static dev.provisioning.contracts.Reason.PARENT_NOT_FOUND;
import static dev.provisioning.contracts.Reason.PROJECT_NOT_FOUND;
import static dev.provisioning.contracts.Reason.SUBPROJECT_NOT_FOUND;
import static dev.provisioning.contracts.Reason.USAGE_ALREADY_RECORDED;
import static dev.provisioning.contracts.Reason.WRONG_BILLING_KIND;
import static dev.provisioning.worker.account.Requests.PAYER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.Reason;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the account model against a real Redis, one request at a time. Each test starts
 * from the same small prepared state:
 *
 * <ul>
 *   <li>account {@code acc-1}: prepaid EUR billing account BA1 with a balance of 10, its first
 *       project P1 (linked to BA1) with subproject S1 (externalRef {@code client-1}), and a
 *       postpaid EUR billing account BA2 with a credit limit of 10 that pays for project P2;
 *   <li>account {@code acc-2}: a sign-up with one subproject, whose ids {@code acc-1} must not see.
 * </ul>
 *
 * Limits are small (3 billing accounts, 3 projects, 2 subprojects per project) so that each can be
 * reached in a step or two.
 */
class AccountRulesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Limits LIMITS = new Limits(3, 3, 2, Duration.ofHours(1));

    private static final String ACC = "acc-1";
    private static final String OTHER = "acc-2";
    private static final String BA1 = EntityIds.billingAccount(ACC, "signup");
    private static final String P1 = EntityIds.project(ACC, "signup");
    private static final String BA2 = EntityIds.billingAccount(ACC, "ba-2");
    private static final String P2 = EntityIds.project(ACC, "prj-2");
    private static final String S1 = EntityIds.subproject(ACC, "sub-1");
    private static final String BA3 = EntityIds.billingAccount(ACC, "ba-3");
    private static final String P3 = EntityIds.project(ACC, "prj-3");
    private static final String S2 = EntityIds.subproject(ACC, "sub-2");
    private static final String OTHER_BA = EntityIds.billingAccount(OTHER, "signup");
    private static final String OTHER_P = EntityIds.project(OTHER, "signup");
    private static final String OTHER_S = EntityIds.subproject(OTHER, "other-sub");
    private static final String MISSING_BA = "ba-missing";
    private static final String MISSING_P = "prj-missing";
    private static final String MISSING_S = "sub-missing";

    private StoreFixture fixture;

    @BeforeEach
    void prepareAccounts() {
        fixture = new StoreFixture(LIMITS);
        fixture.sendAll(
                List.of(
                        Requests.signUp("signup", ACC, "PREPAID", "EUR"),
                        Requests.credit("credit-1", ACC, BA1, "10"),
                        createBillingAccount("ba-2", "POSTPAID", "'creditLimit':'10'"),
                        on(
                                "prj-2",
                                "project.create",
                                "{'displayName':'Web','billingAccountId':'%s'}",
                                BA2),
                        createSubproject("sub-1", P1, "client-1"),
                        Requests.signUp("signup", OTHER, "PREPAID", "EUR"),
                        Requests.request(
                                "other-sub",
                                OTHER,
                                "subproject.create",
                                "{'parentProjectId':'%s','displayName':'Theirs'}"
                                        .formatted(OTHER_P))));
    }

    @AfterEach
    void dropKeys() {
        fixture.close();
    }

    /**
     * A rule case: requests that prepare it, the request under test, and the expected reason, null
     * for success.
     */
    record Case(String name, List<String> given, String when, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        accountCases(cases);
        billingAccountCases(cases);
        projectCases(cases);
        subprojectCases(cases);
        usageCases(cases);
        return cases.stream();
    }

    static Stream<Case> rejections() {
        return cases().filter(c -> c.reason() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void apply_ruleCase_returnsExpectedCode(Case rule) {
        fixture.sendAll(rule.given());

        StoreOutcome outcome = fixture.send(rule.when());

        assertThat(outcome.code())
                .as(outcome.message())
                .isEqualTo(rule.reason() == null ? ResultCode.OK : rule.reason().code());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void apply_ruleCase_returnsExpectedReason(Case rule) {
        fixture.sendAll(rule.given());

        StoreOutcome outcome = fixture.send(rule.when());

        String expected = rule.reason() == null ? null : rule.reason().name();
        assertThat(outcome.reason()).as(outcome.message()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void apply_ruleCase_returnsExpectedStatus(Case rule) {
        fixture.sendAll(rule.given());

        StoreOutcome outcome = fixture.send(rule.when());

        ResultStatus expected =
                rule.reason() == null ? ResultStatus.SUCCEEDED : ResultStatus.REJECTED;
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void apply_rejectedCase_changesNothingButItsRecord(Case rule) {
        fixture.sendAll(rule.given());
        Map<String, String> before = fixture.dump(ACC, false);

        fixture.send(rule.when());

        assertThat(fixture.dump(ACC, false)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void apply_rejectedCase_publishesNoChangelog(Case rule) {
        fixture.sendAll(rule.given());

        StoreOutcome outcome = fixture.send(rule.when());

        assertThat(outcome.changelog()).isEmpty();
    }

    static Stream<String> requestsOfEveryType() {
        return Stream.of(
                createBillingAccount("when", "PREPAID", ""),
                renameBillingAccount(BA1),
                creditEur(BA1, "1"),
                deleteBillingAccount("when", BA2),
                createProject("when", BA1),
                renameProject(P1),
                link("when", P1, BA2),
                deleteProject("when", P2, false),
                createSubproject("when", P1, "client-2"),
                renameSubproject(S1),
                deleteSubproject("when", S1),
                Requests.usage("when", ACC, S1, "1"));
    }

    @ParameterizedTest
    @MethodSource("requestsOfEveryType")
    void apply_accountMissing_rejectedAccountNotFound(String document) {
        String request = document.replace("\"accountId\":\"" + ACC, "\"accountId\":\"acc-missing");

        StoreOutcome outcome = fixture.send(request);

        assertThat(outcome.reason()).isEqualTo("ACCOUNT_NOT_FOUND");
    }

    /** A request that names one entity, as a function of the id it names. */
    record Lookup(String name, Function<String, String> request, String otherAccountsId) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Lookup> lookups() {
        return Stream.of(
                new Lookup(
                        "billing-account.update", AccountRulesIT::renameBillingAccount, OTHER_BA),
                new Lookup("billing-account.credit", id -> creditEur(id, "1"), OTHER_BA),
                new Lookup(
                        "billing-account.delete", id -> deleteBillingAccount("when", id), OTHER_BA),
                new Lookup("project.create", id -> createProject("when", id), OTHER_BA),
                new Lookup("project.update", AccountRulesIT::renameProject, OTHER_P),
                new Lookup("project.link-billing-account", id -> link("when", P1, id), OTHER_BA),
                new Lookup("project.delete", id -> deleteProject("when", id, true), OTHER_P),
                new Lookup("subproject.create", id -> createSubproject("when", id, "c"), OTHER_P),
                new Lookup("subproject.update", AccountRulesIT::renameSubproject, OTHER_S),
                new Lookup("subproject.delete", id -> deleteSubproject("when", id), OTHER_S),
                new Lookup(
                        "usage.record on a subproject", id -> usageOn("subprojectId", id), OTHER_S),
                new Lookup("usage.record on a project", id -> usageOn("projectId", id), OTHER_P));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookups")
    void apply_otherAccountsEntity_sameReasonAsMissing(Lookup lookup) {
        StoreOutcome missing = fixture.send(requestNaming(lookup, "x-missing"));

        StoreOutcome other = fixture.send(requestNaming(lookup, lookup.otherAccountsId()));

        assertThat(other.reason()).isEqualTo(missing.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookups")
    void apply_otherAccountsEntity_sameMessageAsMissing(Lookup lookup) {
        StoreOutcome missing = fixture.send(requestNaming(lookup, "x-missing"));

        StoreOutcome other = fixture.send(requestNaming(lookup, lookup.otherAccountsId()));

        assertThat(other.message().replace(lookup.otherAccountsId(), "<id>"))
                .isEqualTo(missing.message().replace("x-missing", "<id>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookups")
    void apply_otherAccountsEntity_returnsNoResource(Lookup lookup) {
        StoreOutcome other = fixture.send(requestNaming(lookup, lookup.otherAccountsId()));

        assertThat(other.resourceJson()).isNull();
    }

    @Test
    void createSubproject_externalRefTaken_returnsExistingSubproject() {
        StoreOutcome outcome = fixture.send(createSubproject("when", P1, "client-1"));

        assertThat(json(outcome.resourceJson()).path("subprojectId").asText()).isEqualTo(S1);
    }

    @Test
    void createSubproject_externalRefOfDeletedSubproject_createsNewSubproject() {
        fixture.send(deleteSubproject("sub-1-delete", S1));

        StoreOutcome outcome = fixture.send(createSubproject("when", P1, "client-1"));

        assertThat(json(outcome.resourceJson()).path("subprojectId").asText())
                .isEqualTo(EntityIds.subproject(ACC, "when"));
    }

    @Test
    void deleteBillingAccount_inUse_namesLinkedProjects() {
        fixture.send(link("link-p1", P1, BA2));

        StoreOutcome outcome = fixture.send(deleteBillingAccount("when", BA2));

        assertThat(json(outcome.resourceJson()).path("linkedProjectIds"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(P1, P2);
    }

    @Test
    void deleteProject_cascade_tombstonesProjectAndEverySubproject() {
        fixture.send(createSubproject("sub-2", P1, "client-2"));

        StoreOutcome outcome = fixture.send(deleteProject("when", P1, true));

        assertThat(changelogStates(outcome))
                .extractingByKeys(P1, S1, S2)
                .allSatisfy(state -> assertThat(state.path("deleted").asBoolean()).isTrue());
    }

    @Test
    void deleteProject_cascade_setsDeleteTimeOnEveryTombstone() {
        fixture.send(createSubproject("sub-2", P1, "client-2"));

        StoreOutcome outcome = fixture.send(deleteProject("when", P1, true));

        assertThat(changelogStates(outcome))
                .extractingByKeys(P1, S1, S2)
                .allSatisfy(state -> assertThat(state.path("deleteTime").asText()).isNotEmpty());
    }

    @Test
    void deleteProject_cascade_countsDeletedSubprojects() {
        fixture.send(createSubproject("sub-2", P1, "client-2"));

        StoreOutcome outcome = fixture.send(deleteProject("when", P1, true));

        assertThat(json(outcome.resourceJson()).path("deletedSubprojectCount").asInt())
                .isEqualTo(2);
    }

    @Test
    void deleteProject_cascade_freesExternalRefs() {
        fixture.send(createSubproject("sub-2", P1, "client-2"));

        fixture.send(deleteProject("when", P1, true));

        assertThat(fixture.redis().hlen(fixture.keys(ACC).externalRefs())).isZero();
    }

    @Test
    void deleteProject_cascade_leavesNoLiveSubproject() {
        fixture.send(createSubproject("sub-2", P1, "client-2"));

        fixture.send(deleteProject("when", P1, true));

        assertThat(fixture.redis().zcard(fixture.keys(ACC).subprojects())).isZero();
    }

    @Test
    void recordUsage_insufficientFunds_leavesUsageIdUnrecorded() {
        fixture.send(Requests.usage("u-1", ACC, S1, "11"));
        fixture.send(Requests.credit("credit-2", ACC, BA1, "1"));

        StoreOutcome retry = fixture.send(usageWithId("u-1-retry", "u-1", S1, "11"));

        assertThat(retry.status()).as(retry.message()).isEqualTo(ResultStatus.SUCCEEDED);
    }

    @Test
    void recordUsage_afterRelink_chargesNewBillingAccount() {
        fixture.send(link("link-p1", P1, BA2));

        StoreOutcome outcome = fixture.send(Requests.usage("when", ACC, S1, "1"));

        assertThat(json(outcome.resourceJson()).path("billingAccountId").asText()).isEqualTo(BA2);
    }

    @Test
    void recordUsage_afterRelink_accruesOwedOnNewBillingAccount() {
        fixture.send(link("link-p1", P1, BA2));

        StoreOutcome outcome = fixture.send(Requests.usage("when", ACC, S1, "1"));

        assertThat(changelogStates(outcome).get(BA2).path("owed").asText()).isEqualTo("1.00");
    }

    @Test
    void recordUsage_afterRelink_leavesOldBalance() {
        fixture.send(link("link-p1", P1, BA2));
        fixture.send(Requests.usage("when", ACC, S1, "1"));

        StoreOutcome outcome = fixture.send(Requests.credit("credit-2", ACC, BA1, "1"));

        assertThat(json(outcome.resourceJson()).path("balance").asText()).isEqualTo("11.00");
    }

    static Stream<String> payingChain() {
        return Stream.of(S1, P1, BA1);
    }

    @ParameterizedTest
    @MethodSource("payingChain")
    void recordUsage_onSubproject_addsAmountToTotals(String entityId) {
        fixture.send(Requests.usage("u-1", ACC, S1, "1.5"));

        StoreOutcome outcome = fixture.send(usageWithQuantity("when", S1, "0.25", 3));

        assertThat(usageTotal(outcome, entityId).path("amount").asText()).isEqualTo("1.75");
    }

    @ParameterizedTest
    @MethodSource("payingChain")
    void recordUsage_onSubproject_addsQuantityToTotals(String entityId) {
        fixture.send(Requests.usage("u-1", ACC, S1, "1.5"));

        StoreOutcome outcome = fixture.send(usageWithQuantity("when", S1, "0.25", 3));

        assertThat(usageTotal(outcome, entityId).path("quantity").asText()).isEqualTo("4");
    }

    @ParameterizedTest
    @MethodSource("payingChain")
    void recordUsage_onSubproject_countsRecords(String entityId) {
        fixture.send(Requests.usage("u-1", ACC, S1, "1.5"));

        StoreOutcome outcome = fixture.send(usageWithQuantity("when", S1, "0.25", 3));

        assertThat(usageTotal(outcome, entityId).path("records").asText()).isEqualTo("2");
    }

    @Test
    void recordUsage_onProject_leavesSubprojectTotalsOut() {
        StoreOutcome outcome = fixture.send(Requests.usage("when", ACC, P1, "1"));

        assertThat(changelogStates(outcome)).containsOnlyKeys(P1, BA1);
    }

    static Stream<Arguments> updates() {
        return Stream.of(
                Arguments.of("billing-account.update", "billingAccountId", BA1),
                Arguments.of("project.update", "projectId", P1),
                Arguments.of("subproject.update", "subprojectId", S1));
    }

    @ParameterizedTest
    @MethodSource("updates")
    void update_twice_raisesVersionEachTime(String type, String idField, String id) {
        String payload = "{'%s':'%s','displayName':'Renamed'}".formatted(idField, id);
        fixture.send(on("rename-1", type, payload));

        StoreOutcome second = fixture.send(on("rename-2", type, payload));

        assertThat(json(second.resourceJson()).path("version").asInt()).isEqualTo(3);
    }

    @Test
    void linkBillingAccount_relink_raisesVersion() {
        StoreOutcome outcome = fixture.send(link("when", P1, BA2));

        assertThat(json(outcome.resourceJson()).path("version").asInt()).isEqualTo(2);
    }

    @Test
    void apply_requestIdReusedWithOtherPayload_rejected() {
        fixture.send(createSubproject("when", P1, "client-2"));

        StoreOutcome outcome = fixture.send(createSubproject("when", P1, "client-3"));

        assertThat(outcome.reason()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void apply_requestIdReusedWithOtherPayload_changesNothing() {
        fixture.send(createSubproject("when", P1, "client-2"));
        Map<String, String> before = fixture.dump(ACC, true);

        fixture.send(createSubproject("when", P1, "client-3"));

        assertThat(fixture.dump(ACC, true)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void apply_replay_returnsFirstOutcome(Case rule) {
        fixture.sendAll(rule.given());
        StoreOutcome first = fixture.send(rule.when());

        StoreOutcome replay = fixture.send(rule.when());

        assertThat(outcomeFields(replay)).isEqualTo(outcomeFields(first));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void apply_replay_markedReplayed(Case rule) {
        fixture.sendAll(rule.given());
        fixture.send(rule.when());

        StoreOutcome replay = fixture.send(rule.when());

        assertThat(replay.replayed()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void apply_replay_changesNothing(Case rule) {
        fixture.sendAll(rule.given());
        fixture.send(rule.when());
        String accountId = json(rule.when()).path("accountId").asText();
        Map<String, String> before = fixture.dump(accountId, true);

        fixture.send(rule.when());

        assertThat(fixture.dump(accountId, true)).isEqualTo(before);
    }

    @Test
    void apply_everyRequestType_writesOnlyKeysWithAccountHashTag() {
        List<String> documents = new ArrayList<>(requestsOfEveryType().toList());
        documents.add(0, Requests.signUp("when", "acc-3", "POSTPAID", "EUR"));
        for (int i = 0; i < documents.size(); i++) {
            fixture.send(documents.get(i).replace("\"when\"", "\"every-" + i + "\""));
        }

        List<String> keys = fixture.allKeys();

        assertThat(keys)
                .allSatisfy(
                        key ->
                                assertThat(key)
                                        .matches(fixture.prefix() + ":\\{acc-[123]\\}:[a-z-]+.*"));
    }

    /** Builds the lookup's request with a requestId of its own for each id it names. */
    private static String requestNaming(Lookup lookup, String id) {
        return lookup.request().apply(id).replace("\"when\"", "\"when-" + id + "\"");
    }

    private static String usageOn(String field, String id) {
        return on(
                "when",
                "usage.record",
                "{'usageId':'u-9','%s':'%s','amount':'1','currency':'EUR'}",
                field,
                id);
    }

    private static String usageWithId(
            String requestId, String usageId, String target, String amount) {
        String field = target.startsWith("sub-") ? "subprojectId" : "projectId";
        return on(
                requestId,
                "usage.record",
                "{'usageId':'%s','%s':'%s','amount':'%s','currency':'EUR'}",
                usageId,
                field,
                target,
                amount);
    }

    private static String usageWithQuantity(
            String requestId, String subprojectId, String amount, int quantity) {
        return on(
                requestId,
                "usage.record",
                "{'usageId':'%s','subprojectId':'%s','amount':'%s','currency':'EUR','quantity':%d}",
                requestId,
                subprojectId,
                amount,
                quantity);
    }

    private static Map<String, JsonNode> changelogStates(StoreOutcome outcome) {
        Map<String, JsonNode> states = new HashMap<>();
        for (ChangelogEntry entry : outcome.changelog()) {
            states.put(entry.entityId(), json(entry.stateJson()));
        }
        return states;
    }

    private static JsonNode usageTotal(StoreOutcome outcome, String entityId) {
        JsonNode state = changelogStates(outcome).get(entityId);
        assertThat(state).as("changelog entry of " + entityId).isNotNull();
        return state.path("usage").path(0);
    }

    private static List<String> outcomeFields(StoreOutcome outcome) {
        return Arrays.asList(
                outcome.status().name(),
                outcome.code().name(),
                outcome.reason(),
                outcome.message(),
                outcome.resourceJson(),
                outcome.processedAt());
    }

    private static void accountCases(List<Case> cases) {
        cases.add(
                new Case(
                        "account.create new account",
                        List.of(),
                        Requests.signUp("when", "acc-new", "POSTPAID", "USD"),
                        null));
        cases.add(
                new Case(
                        "account.create existing account",
                        List.of(),
                        Requests.signUp("when", ACC, "POSTPAID", "USD"),
                        ACCOUNT_EXISTS));
    }

    private static void billingAccountCases(List<Case> cases) {
        cases.add(
                when("billing-account.create", createBillingAccount("when", "PREPAID", ""), null));
        cases.add(
                new Case(
                        "billing-account.create over the limit",
                        List.of(createBillingAccount("ba-3", "PREPAID", "")),
                        createBillingAccount("when", "PREPAID", ""),
                        LIMIT_EXCEEDED));
        cases.add(
                new Case(
                        "billing-account.create after a delete frees a place",
                        List.of(
                                createBillingAccount("ba-3", "PREPAID", ""),
                                deleteBillingAccount("ba-3-delete", BA3)),
                        createBillingAccount("when", "PREPAID", ""),
                        null));

        cases.add(when("billing-account.update displayName", renameBillingAccount(BA1), null));
        cases.add(
                when(
                        "billing-account.update creditLimit on postpaid",
                        on(
                                "when",
                                "billing-account.update",
                                "{'billingAccountId':'%s','creditLimit':'20'}",
                                BA2),
                        null));
        cases.add(
                when(
                        "billing-account.update creditLimit on prepaid",
                        on(
                                "when",
                                "billing-account.update",
                                "{'billingAccountId':'%s','creditLimit':'20'}",
                                BA1),
                        WRONG_BILLING_KIND));
        for (String id : List.of(MISSING_BA, P1, S1, OTHER_BA)) {
            cases.add(
                    when(
                            "billing-account.update names " + id,
                            renameBillingAccount(id),
                            BILLING_ACCOUNT_NOT_FOUND));
        }
        cases.add(
                new Case(
                        "billing-account.update deleted billing account",
                        List.of(
                                createBillingAccount("ba-3", "PREPAID", ""),
                                deleteBillingAccount("ba-3-delete", BA3)),
                        renameBillingAccount(BA3),
                        BILLING_ACCOUNT_NOT_FOUND));

        cases.add(when("billing-account.credit prepaid", creditEur(BA1, "5"), null));
        cases.add(
                when(
                        "billing-account.credit in another currency",
                        on(
                                "when",
                                "billing-account.credit",
                                "{'billingAccountId':'%s','amount':'5','currency':'USD'}",
                                BA1),
                        CURRENCY_MISMATCH));
        cases.add(
                when(
                        "billing-account.credit postpaid owing nothing",
                        creditEur(BA2, "1"),
                        CREDIT_EXCEEDS_OWED));
        cases.add(
                new Case(
                        "billing-account.credit postpaid up to what is owed",
                        List.of(Requests.usage("u-1", ACC, P2, "2")),
                        creditEur(BA2, "2"),
                        null));
        cases.add(
                new Case(
                        "billing-account.credit postpaid beyond what is owed",
                        List.of(Requests.usage("u-1", ACC, P2, "2")),
                        creditEur(BA2, "2.000001"),
                        CREDIT_EXCEEDS_OWED));
        for (String id : List.of(MISSING_BA, P1, OTHER_BA)) {
            cases.add(
                    when(
                            "billing-account.credit names " + id,
                            creditEur(id, "1"),
                            BILLING_ACCOUNT_NOT_FOUND));
        }

        cases.add(
                new Case(
                        "billing-account.delete unlinked",
                        List.of(createBillingAccount("ba-3", "PREPAID", "")),
                        deleteBillingAccount("when", BA3),
                        null));
        cases.add(
                when(
                        "billing-account.delete linked to a project",
                        deleteBillingAccount("when", BA2),
                        BILLING_ACCOUNT_IN_USE));
        cases.add(
                new Case(
                        "billing-account.delete the last one",
                        List.of(link("link-p2", P2, BA1), deleteBillingAccount("ba-2-delete", BA2)),
                        deleteBillingAccount("when", BA1),
                        LAST_BILLING_ACCOUNT));
        cases.add(
                new Case(
                        "billing-account.delete twice",
                        List.of(link("link-p2", P2, BA1), deleteBillingAccount("ba-2-delete", BA2)),
                        deleteBillingAccount("when", BA2),
                        BILLING_ACCOUNT_NOT_FOUND));
        for (String id : List.of(MISSING_BA, P2, OTHER_BA)) {
            cases.add(
                    when(
                            "billing-account.delete names " + id,
                            deleteBillingAccount("when", id),
                            BILLING_ACCOUNT_NOT_FOUND));
        }
    }

    private static void projectCases(List<Case> cases) {
        cases.add(
                when(
                        "project.create with the default billing account",
                        on("when", "project.create", "{'displayName':'Api'}"),
                        null));
        cases.add(when("project.create linked to BA2", createProject("when", BA2), null));
        cases.add(
                new Case(
                        "project.create over the limit",
                        List.of(createProject("prj-3", BA1)),
                        createProject("when", BA1),
                        LIMIT_EXCEEDED));
        for (String id : List.of(MISSING_BA, P1, OTHER_BA)) {
            cases.add(
                    when(
                            "project.create linked to " + id,
                            createProject("when", id),
                            BILLING_ACCOUNT_NOT_FOUND));
        }

        cases.add(when("project.update displayName", renameProject(P1), null));
        cases.add(
                when(
                        "project.update labels",
                        on(
                                "when",
                                "project.update",
                                "{'projectId':'%s','labels':{'env':'prod'}}",
                                P1),
                        null));
        for (String id : List.of(MISSING_P, BA1, S1, OTHER_P)) {
            cases.add(when("project.update names " + id, renameProject(id), PROJECT_NOT_FOUND));
        }
        cases.add(
                new Case(
                        "project.update deleted project",
                        List.of(deleteProject("prj-2-delete", P2, false)),
                        renameProject(P2),
                        PROJECT_NOT_FOUND));

        cases.add(when("project.link-billing-account", link("when", P1, BA2), null));
        cases.add(
                when("project.link-billing-account to the same one", link("when", P1, BA1), null));
        for (String id : List.of(MISSING_P, BA1, S1, OTHER_P)) {
            cases.add(
                    when(
                            "project.link-billing-account project " + id,
                            link("when", id, BA2),
                            PROJECT_NOT_FOUND));
        }
        for (String id : List.of(MISSING_BA, P2, OTHER_BA)) {
            cases.add(
                    when(
                            "project.link-billing-account to " + id,
                            link("when", P1, id),
                            BILLING_ACCOUNT_NOT_FOUND));
        }
        cases.add(
                new Case(
                        "project.link-billing-account to a deleted billing account",
                        List.of(
                                createBillingAccount("ba-3", "PREPAID", ""),
                                deleteBillingAccount("ba-3-delete", BA3)),
                        link("when", P1, BA3),
                        BILLING_ACCOUNT_NOT_FOUND));

        cases.add(
                when("project.delete without subprojects", deleteProject("when", P2, false), null));
        cases.add(
                when(
                        "project.delete with subprojects",
                        deleteProject("when", P1, false),
                        HAS_SUBPROJECTS));
        cases.add(
                when(
                        "project.delete with subprojects and cascade",
                        deleteProject("when", P1, true),
                        null));
        cases.add(
                new Case(
                        "project.delete the last one",
                        List.of(deleteProject("prj-2-delete", P2, false)),
                        deleteProject("when", P1, true),
                        LAST_PROJECT));
        cases.add(
                new Case(
                        "project.delete twice",
                        List.of(deleteProject("prj-2-delete", P2, false)),
                        deleteProject("when", P2, false),
                        PROJECT_NOT_FOUND));
        for (String id : List.of(MISSING_P, BA2, S1, OTHER_P)) {
            cases.add(
                    when(
                            "project.delete names " + id,
                            deleteProject("when", id, true),
                            PROJECT_NOT_FOUND));
        }
    }

    private static void subprojectCases(List<Case> cases) {
        cases.add(when("subproject.create", createSubproject("when", P1, "client-2"), null));
        cases.add(
                when(
                        "subproject.create without externalRef",
                        createSubproject("when", P2, null),
                        null));
        cases.add(
                when(
                        "subproject.create with a taken externalRef",
                        createSubproject("when", P1, "client-1"),
                        EXTERNAL_REF_TAKEN));
        cases.add(
                when(
                        "subproject.create same externalRef under another parent",
                        createSubproject("when", P2, "client-1"),
                        null));
        cases.add(
                new Case(
                        "subproject.create externalRef of a deleted subproject",
                        List.of(deleteSubproject("sub-1-delete", S1)),
                        createSubproject("when", P1, "client-1"),
                        null));
        cases.add(
                new Case(
                        "subproject.create over the limit",
                        List.of(createSubproject("sub-2", P1, null)),
                        createSubproject("when", P1, null),
                        LIMIT_EXCEEDED));
        cases.add(
                new Case(
                        "subproject.create under the limit of another parent",
                        List.of(createSubproject("sub-2", P1, null)),
                        createSubproject("when", P2, null),
                        null));
        for (String id : List.of(MISSING_P, S1, BA1, OTHER_P)) {
            cases.add(
                    when(
                            "subproject.create under " + id,
                            createSubproject("when", id, null),
                            PARENT_NOT_FOUND));
        }
        cases.add(
                new Case(
                        "subproject.create under a deleted project",
                        List.of(deleteProject("prj-2-delete", P2, false)),
                        createSubproject("when", P2, null),
                        PARENT_NOT_FOUND));

        cases.add(when("subproject.update displayName", renameSubproject(S1), null));
        for (String id : List.of(MISSING_S, P1, BA1, OTHER_S)) {
            cases.add(
                    when(
                            "subproject.update names " + id,
                            renameSubproject(id),
                            SUBPROJECT_NOT_FOUND));
        }
        cases.add(
                new Case(
                        "subproject.update deleted subproject",
                        List.of(deleteSubproject("sub-1-delete", S1)),
                        renameSubproject(S1),
                        SUBPROJECT_NOT_FOUND));

        cases.add(when("subproject.delete", deleteSubproject("when", S1), null));
        cases.add(
                new Case(
                        "subproject.delete twice",
                        List.of(deleteSubproject("sub-1-delete", S1)),
                        deleteSubproject("when", S1),
                        SUBPROJECT_NOT_FOUND));
        cases.add(
                new Case(
                        "subproject.delete after its project was deleted",
                        List.of(deleteProject("prj-1-delete", P1, true)),
                        deleteSubproject("when", S1),
                        SUBPROJECT_NOT_FOUND));
        for (String id : List.of(MISSING_S, P2, OTHER_S)) {
            cases.add(
                    when(
                            "subproject.delete names " + id,
                            deleteSubproject("when", id),
                            SUBPROJECT_NOT_FOUND));
        }
    }

    private static void usageCases(List<Case> cases) {
        cases.add(when("usage.record on a subproject", Requests.usage("when", ACC, S1, "1"), null));
        cases.add(when("usage.record on a project", Requests.usage("when", ACC, P1, "1"), null));
        cases.add(
                when(
                        "usage.record spending the whole balance",
                        Requests.usage("when", ACC, S1, "10"),
                        null));
        cases.add(
                when(
                        "usage.record over the balance",
                        Requests.usage("when", ACC, S1, "10.000001"),
                        INSUFFICIENT_FUNDS));
        cases.add(
                when(
                        "usage.record in another currency",
                        on(
                                "when",
                                "usage.record",
                                "{'usageId':'u-9','projectId':'%s','amount':'1','currency':'USD'}",
                                P1),
                        CURRENCY_MISMATCH));
        cases.add(
                when(
                        "usage.record postpaid up to the credit limit",
                        Requests.usage("when", ACC, P2, "10"),
                        null));
        cases.add(
                when(
                        "usage.record postpaid over the credit limit",
                        Requests.usage("when", ACC, P2, "10.000001"),
                        CREDIT_LIMIT_EXCEEDED));
        cases.add(
                new Case(
                        "usage.record postpaid over the limit by accrual",
                        List.of(Requests.usage("u-1", ACC, P2, "6")),
                        Requests.usage("when", ACC, P2, "5"),
                        CREDIT_LIMIT_EXCEEDED));
        cases.add(
                new Case(
                        "usage.record same usageId under a new requestId",
                        List.of(Requests.usage("u-1", ACC, S1, "1")),
                        on(
                                "when",
                                "usage.record",
                                "{'usageId':'u-1','subprojectId':'%s','amount':'1','currency':'EUR'}",
                                S1),
                        USAGE_ALREADY_RECORDED));
        cases.add(
                new Case(
                        "usage.record on a deleted subproject",
                        List.of(deleteSubproject("sub-1-delete", S1)),
                        Requests.usage("when", ACC, S1, "1"),
                        SUBPROJECT_NOT_FOUND));
        cases.add(
                new Case(
                        "usage.record on a deleted project",
                        List.of(deleteProject("prj-2-delete", P2, false)),
                        Requests.usage("when", ACC, P2, "1"),
                        PROJECT_NOT_FOUND));
        for (String id : List.of(MISSING_S, OTHER_S)) {
            cases.add(
                    when(
                            "usage.record on subproject " + id,
                            Requests.usage("when", ACC, id, "1"),
                            SUBPROJECT_NOT_FOUND));
        }
        for (String id : List.of(MISSING_P, BA1, OTHER_P)) {
            cases.add(
                    when(
                            "usage.record on project " + id,
                            Requests.usage("when", ACC, id, "1"),
                            PROJECT_NOT_FOUND));
        }
        cases.add(
                when(
                        "usage.record with a subproject id as projectId",
                        on(
                                "when",
                                "usage.record",
                                "{'usageId':'u-9','projectId':'%s','amount':'1','currency':'EUR'}",
                                S1),
                        PROJECT_NOT_FOUND));
    }

    private static Case when(String name, String request, Reason reason) {
        return new Case(name, List.of(), request, reason);
    }

    static String on(String requestId, String type, String payload, Object... ids) {
        return Requests.request(requestId, ACC, type, payload.formatted(ids));
    }

    static String createBillingAccount(String requestId, String kind, String extra) {
        String payload =
                "{'displayName':'Billing','kind':'%s','currency':'EUR',%s%s}"
                        .formatted(kind, PAYER, extra.isEmpty() ? "" : "," + extra);
        return on(requestId, "billing-account.create", payload);
    }

    static String renameBillingAccount(String id) {
        return on(
                "when",
                "billing-account.update",
                "{'billingAccountId':'%s','displayName':'New'}",
                id);
    }

    static String creditEur(String id, String amount) {
        return Requests.credit("when", ACC, id, amount);
    }

    static String deleteBillingAccount(String requestId, String id) {
        return on(requestId, "billing-account.delete", "{'billingAccountId':'%s'}", id);
    }

    static String createProject(String requestId, String billingId) {
        return on(
                requestId,
                "project.create",
                "{'displayName':'Api','billingAccountId':'%s'}",
                billingId);
    }

    static String renameProject(String id) {
        return on("when", "project.update", "{'projectId':'%s','displayName':'New'}", id);
    }

    static String link(String requestId, String projectId, String billingId) {
        return on(
                requestId,
                "project.link-billing-account",
                "{'projectId':'%s','billingAccountId':'%s'}",
                projectId,
                billingId);
    }

    static String deleteProject(String requestId, String id, boolean cascade) {
        return on(requestId, "project.delete", "{'projectId':'%s','cascade':%s}", id, cascade);
    }

    static String createSubproject(String requestId, String parentId, String externalRef) {
        String ref = externalRef == null ? "" : ",'externalRef':'" + externalRef + "'";
        return on(
                requestId,
                "subproject.create",
                "{'parentProjectId':'%s','displayName':'Client'%s}",
                parentId,
                ref);
    }

    static String renameSubproject(String id) {
        return on("when", "subproject.update", "{'subprojectId':'%s','displayName':'New'}", id);
    }

    static String deleteSubproject(String requestId, String id) {
        return on(requestId, "subproject.delete", "{'subprojectId':'%s'}", id);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }
}
