package dev.provisioning.worker.account;

import static dev.provisioning.worker.account.RequestDocuments.billingCreate;
import static dev.provisioning.worker.account.RequestDocuments.billingDelete;
import static dev.provisioning.worker.account.RequestDocuments.credit;
import static dev.provisioning.worker.account.RequestDocuments.document;
import static dev.provisioning.worker.account.RequestDocuments.link;
import static dev.provisioning.worker.account.RequestDocuments.projectCreate;
import static dev.provisioning.worker.account.RequestDocuments.projectDelete;
import static dev.provisioning.worker.account.RequestDocuments.signUp;
import static dev.provisioning.worker.account.RequestDocuments.subprojectCreate;
import static dev.provisioning.worker.account.RequestDocuments.subprojectDelete;
import static dev.provisioning.worker.account.RequestDocuments.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Request sequences that between them reach every request type and every reason the rules can
 * return, for running against both store implementations.
 */
final class ConformanceScenarios {
    /** Small enough that every count limit is reached within a few requests. */
    static final Limits LIMITS = new Limits(3, 25, 2, Duration.ofHours(1));

    static final String ACCOUNT = "acc-1";
    static final String OTHER_ACCOUNT = "acc-2";

    private ConformanceScenarios() {}

    static String billingOf(String requestId) {
        return EntityIds.billingAccount(ACCOUNT, requestId);
    }

    static String projectOf(String requestId) {
        return EntityIds.project(ACCOUNT, requestId);
    }

    static String subprojectOf(String requestId) {
        return EntityIds.subproject(ACCOUNT, requestId);
    }

    static Stream<Arguments> all() {
        return Stream.of(
                everyTypeSucceeds(),
                accountMissingOrExisting(),
                repeatedRequestIds(),
                billingAccountNotFound(),
                projectNotFound(),
                parentAndSubprojectNotFound(),
                externalRefs(),
                prepaidFunds(),
                postpaidCredit(),
                currencies(),
                billingAccountInUseAndLimits(),
                lastEntitiesAndCascade(),
                subprojectLimit(),
                amountLimits());
    }

    private static Arguments scenario(String name, List<String> documents) {
        return Arguments.of(name, List.copyOf(documents));
    }

    private static List<String> signedUp(String kind, String currency) {
        List<String> documents = new ArrayList<>();
        documents.add(signUp("signup", ACCOUNT, kind, currency));
        return documents;
    }

    private static Arguments everyTypeSucceeds() {
        List<String> docs = new ArrayList<>();
        Map<String, Object> billing = new LinkedHashMap<>();
        billing.put("displayName", "Main billing");
        billing.put("kind", "PREPAID");
        billing.put("currency", "EUR");
        billing.put("payer", RequestDocuments.payer("ASP Ltd"));
        docs.add(
                document(
                        "signup",
                        ACCOUNT,
                        "account.create",
                        Map.of(
                                "displayName",
                                "ASP",
                                "billingAccount",
                                billing,
                                "project",
                                Map.of("displayName", "Clients"))));
        docs.add(billingCreate("ba-2", ACCOUNT, "POSTPAID", "USD", "100.5"));
        docs.add(
                document(
                        "ba-2-update",
                        ACCOUNT,
                        "billing-account.update",
                        Map.of(
                                "billingAccountId",
                                billingOf("ba-2"),
                                "displayName",
                                "US billing",
                                "payer",
                                RequestDocuments.payer("US Inc"),
                                "creditLimit",
                                "250")));
        docs.add(credit("topup", ACCOUNT, billingOf("signup"), "12.0075", "EUR"));
        docs.add(
                document(
                        "prj-2",
                        ACCOUNT,
                        "project.create",
                        Map.of(
                                "displayName", "US clients",
                                "billingAccountId", billingOf("ba-2"),
                                "labels", Map.of("region", "us", "tier", "gold"))));
        docs.add(projectCreate("prj-3", ACCOUNT, null));
        docs.add(
                document(
                        "prj-3-update",
                        ACCOUNT,
                        "project.update",
                        Map.of("projectId", projectOf("prj-3"), "labels", Map.of())));
        docs.add(
                document(
                        "prj-3-rename",
                        ACCOUNT,
                        "project.update",
                        Map.of("projectId", projectOf("prj-3"), "displayName", "Renamed")));
        docs.add(
                document(
                        "sub-1",
                        ACCOUNT,
                        "subproject.create",
                        Map.of(
                                "parentProjectId",
                                projectOf("prj-3"),
                                "displayName",
                                "Client 1",
                                "externalRef",
                                "client-1",
                                "labels",
                                Map.of("tier", "gold"))));
        docs.add(
                document(
                        "sub-1-update",
                        ACCOUNT,
                        "subproject.update",
                        Map.of(
                                "subprojectId", subprojectOf("sub-1"),
                                "displayName", "Client one",
                                "labels", Map.of("tier", "silver"))));
        docs.add(usage("use-1", ACCOUNT, "u-1", subprojectOf("sub-1"), "1.5", "EUR"));
        docs.add(
                document(
                        "use-2",
                        ACCOUNT,
                        "usage.record",
                        Map.of(
                                "usageId", "u-2",
                                "projectId", projectOf("prj-3"),
                                "amount", "0.25",
                                "currency", "EUR")));
        docs.add(link("relink", ACCOUNT, projectOf("prj-3"), billingOf("ba-2")));
        docs.add(link("relink-again", ACCOUNT, projectOf("prj-3"), billingOf("ba-2")));
        docs.add(usage("use-3", ACCOUNT, "u-3", subprojectOf("sub-1"), "7", "USD"));
        docs.add(credit("pay-owed", ACCOUNT, billingOf("ba-2"), "2.5", "USD"));
        docs.add(subprojectCreate("sub-2", ACCOUNT, projectOf("prj-3"), null));
        docs.add(subprojectDelete("sub-2-delete", ACCOUNT, subprojectOf("sub-2")));
        docs.add(projectDelete("prj-3-delete", ACCOUNT, projectOf("prj-3"), true));
        docs.add(billingCreate("ba-3", ACCOUNT, "PREPAID", "GBP", null));
        docs.add(billingDelete("ba-3-delete", ACCOUNT, billingOf("ba-3")));
        return scenario("every request type succeeds", docs);
    }

    private static Arguments accountMissingOrExisting() {
        List<String> docs = new ArrayList<>();
        docs.add(projectCreate("early", ACCOUNT, null));
        docs.add(usage("early-usage", ACCOUNT, "u-1", "prj-x", "1", "EUR"));
        docs.add(signUp("signup", ACCOUNT, "PREPAID", "EUR"));
        docs.add(projectCreate("early", ACCOUNT, null));
        docs.add(signUp("signup-again", ACCOUNT, "POSTPAID", "USD"));
        docs.add(signUp("signup", ACCOUNT, "PREPAID", "EUR"));
        docs.add(projectCreate("other-account", OTHER_ACCOUNT, null));
        docs.add(credit("foreign", OTHER_ACCOUNT, billingOf("signup"), "1", "EUR"));
        return scenario("account not found, then already exists", docs);
    }

    private static Arguments repeatedRequestIds() {
        List<String> docs = signedUp("PREPAID", "EUR");
        docs.add(credit("topup", ACCOUNT, billingOf("signup"), "5", "EUR"));
        docs.add(usage("use", ACCOUNT, "u-1", projectOf("signup"), "1", "EUR"));
        docs.add(credit("topup", ACCOUNT, billingOf("signup"), "5", "EUR"));
        docs.add(credit("topup", ACCOUNT, billingOf("signup"), "6", "EUR"));
        docs.add(credit("topup", ACCOUNT, billingOf("signup"), "5", "EUR"));
        docs.add(usage("use", ACCOUNT, "u-1", projectOf("signup"), "1", "EUR"));
        docs.add(usage("use-short", ACCOUNT, "u-2", projectOf("signup"), "100", "EUR"));
        docs.add(usage("use-short", ACCOUNT, "u-2", projectOf("signup"), "100", "EUR"));
        docs.add(projectCreate("topup", ACCOUNT, null));
        return scenario("repeated requestIds replay or are rejected", docs);
    }

    private static Arguments billingAccountNotFound() {
        List<String> docs = signedUp("POSTPAID", "EUR");
        String missing = "ba-missing";
        docs.add(
                document(
                        "update",
                        ACCOUNT,
                        "billing-account.update",
                        Map.of("billingAccountId", missing, "displayName", "x")));
        docs.add(credit("credit", ACCOUNT, missing, "1", "EUR"));
        docs.add(credit("credit-project", ACCOUNT, projectOf("signup"), "1", "EUR"));
        docs.add(billingDelete("delete", ACCOUNT, missing));
        docs.add(billingDelete("delete-account", ACCOUNT, "account"));
        docs.add(projectCreate("project", ACCOUNT, missing));
        docs.add(link("link", ACCOUNT, projectOf("signup"), missing));
        docs.add(billingCreate("ba-2", ACCOUNT, "POSTPAID", "EUR", null));
        docs.add(billingDelete("ba-2-delete", ACCOUNT, billingOf("ba-2")));
        docs.add(credit("credit-deleted", ACCOUNT, billingOf("ba-2"), "1", "EUR"));
        docs.add(projectCreate("project-deleted", ACCOUNT, billingOf("ba-2")));
        return scenario("billing account not found", docs);
    }

    private static Arguments projectNotFound() {
        List<String> docs = signedUp("PREPAID", "EUR");
        docs.add(
                document(
                        "update",
                        ACCOUNT,
                        "project.update",
                        Map.of("projectId", "prj-missing", "displayName", "x")));
        docs.add(link("link", ACCOUNT, "prj-missing", billingOf("signup")));
        docs.add(link("link-billing", ACCOUNT, billingOf("signup"), billingOf("signup")));
        docs.add(projectDelete("delete", ACCOUNT, "prj-missing", false));
        docs.add(projectCreate("prj-2", ACCOUNT, null));
        docs.add(subprojectCreate("sub-1", ACCOUNT, projectOf("prj-2"), null));
        docs.add(
                document(
                        "usage-on-subproject-as-project",
                        ACCOUNT,
                        "usage.record",
                        Map.of(
                                "usageId", "u-1",
                                "projectId", subprojectOf("sub-1"),
                                "amount", "1",
                                "currency", "EUR")));
        docs.add(projectDelete("prj-2-delete", ACCOUNT, projectOf("prj-2"), true));
        docs.add(usage("usage-deleted", ACCOUNT, "u-2", projectOf("prj-2"), "1", "EUR"));
        docs.add(projectDelete("delete-again", ACCOUNT, projectOf("prj-2"), true));
        return scenario("project not found", docs);
    }

    private static Arguments parentAndSubprojectNotFound() {
        List<String> docs = signedUp("PREPAID", "EUR");
        docs.add(subprojectCreate("sub-1", ACCOUNT, projectOf("signup"), "ref-1"));
        docs.add(subprojectCreate("nested", ACCOUNT, subprojectOf("sub-1"), null));
        docs.add(subprojectCreate("missing-parent", ACCOUNT, "prj-missing", null));
        docs.add(
                document(
                        "update",
                        ACCOUNT,
                        "subproject.update",
                        Map.of("subprojectId", "sub-missing", "displayName", "x")));
        docs.add(subprojectDelete("delete", ACCOUNT, "sub-missing"));
        docs.add(subprojectDelete("delete-project", ACCOUNT, projectOf("signup")));
        docs.add(subprojectDelete("sub-1-delete", ACCOUNT, subprojectOf("sub-1")));
        docs.add(subprojectDelete("sub-1-delete-again", ACCOUNT, subprojectOf("sub-1")));
        docs.add(usage("usage-deleted", ACCOUNT, "u-1", subprojectOf("sub-1"), "1", "EUR"));
        docs.add(projectCreate("prj-2", ACCOUNT, null));
        docs.add(projectDelete("prj-2-delete", ACCOUNT, projectOf("prj-2"), false));
        docs.add(subprojectCreate("deleted-parent", ACCOUNT, projectOf("prj-2"), null));
        return scenario("parent and subproject not found", docs);
    }

    private static Arguments externalRefs() {
        List<String> docs = signedUp("PREPAID", "EUR");
        docs.add(projectCreate("prj-2", ACCOUNT, null));
        docs.add(subprojectCreate("sub-1", ACCOUNT, projectOf("signup"), "client-1"));
        docs.add(subprojectCreate("sub-1-twice", ACCOUNT, projectOf("signup"), "client-1"));
        docs.add(subprojectCreate("sub-1-elsewhere", ACCOUNT, projectOf("prj-2"), "client-1"));
        docs.add(subprojectDelete("sub-1-delete", ACCOUNT, subprojectOf("sub-1")));
        docs.add(subprojectCreate("sub-1-again", ACCOUNT, projectOf("signup"), "client-1"));
        docs.add(projectDelete("prj-2-delete", ACCOUNT, projectOf("prj-2"), true));
        docs.add(subprojectCreate("sub-1-moved", ACCOUNT, projectOf("signup"), "client-1"));
        return scenario("externalRef taken, then freed by deletes", docs);
    }

    private static Arguments prepaidFunds() {
        List<String> docs = signedUp("PREPAID", "EUR");
        docs.add(usage("empty", ACCOUNT, "u-1", projectOf("signup"), "0.01", "EUR"));
        docs.add(credit("topup", ACCOUNT, billingOf("signup"), "2.5", "EUR"));
        docs.add(usage("too-much", ACCOUNT, "u-2", projectOf("signup"), "2.500001", "EUR"));
        docs.add(usage("exact", ACCOUNT, "u-2", projectOf("signup"), "2.5", "EUR"));
        docs.add(usage("recorded", ACCOUNT, "u-2", projectOf("signup"), "0.01", "EUR"));
        docs.add(usage("empty-again", ACCOUNT, "u-1", projectOf("signup"), "0.000001", "EUR"));
        return scenario("prepaid balance never goes below zero", docs);
    }

    private static Arguments postpaidCredit() {
        List<String> docs = signedUp("POSTPAID", "EUR");
        String billing = billingOf("signup");
        docs.add(credit("nothing-owed", ACCOUNT, billing, "1", "EUR"));
        docs.add(usage("charge", ACCOUNT, "u-1", projectOf("signup"), "40", "EUR"));
        docs.add(credit("overpay", ACCOUNT, billing, "40.000001", "EUR"));
        docs.add(credit("pay-some", ACCOUNT, billing, "15.25", "EUR"));
        docs.add(
                document(
                        "limit",
                        ACCOUNT,
                        "billing-account.update",
                        Map.of("billingAccountId", billing, "creditLimit", "30")));
        docs.add(usage("to-limit", ACCOUNT, "u-2", projectOf("signup"), "5.25", "EUR"));
        docs.add(usage("past-limit", ACCOUNT, "u-3", projectOf("signup"), "0.000001", "EUR"));
        docs.add(billingCreate("prepaid", ACCOUNT, "PREPAID", "EUR", null));
        docs.add(
                document(
                        "prepaid-limit",
                        ACCOUNT,
                        "billing-account.update",
                        Map.of("billingAccountId", billingOf("prepaid"), "creditLimit", "5")));
        docs.add(
                document(
                        "zero-limit",
                        ACCOUNT,
                        "billing-account.update",
                        Map.of("billingAccountId", billing, "creditLimit", "0")));
        return scenario("postpaid credit limit and pay-down", docs);
    }

    private static Arguments currencies() {
        List<String> docs = signedUp("PREPAID", "EUR");
        docs.add(credit("wrong-currency", ACCOUNT, billingOf("signup"), "10", "USD"));
        docs.add(credit("topup", ACCOUNT, billingOf("signup"), "10", "EUR"));
        docs.add(usage("usd", ACCOUNT, "u-1", projectOf("signup"), "1", "USD"));
        docs.add(billingCreate("usd-billing", ACCOUNT, "POSTPAID", "USD", null));
        docs.add(subprojectCreate("client", ACCOUNT, projectOf("signup"), "c-1"));
        docs.add(usage("eur", ACCOUNT, "u-2", subprojectOf("client"), "0.0075", "EUR"));
        docs.add(link("relink", ACCOUNT, projectOf("signup"), billingOf("usd-billing")));
        docs.add(usage("eur-after", ACCOUNT, "u-3", subprojectOf("client"), "1", "EUR"));
        docs.add(usage("usd-after", ACCOUNT, "u-3", subprojectOf("client"), "1.123456", "USD"));
        docs.add(link("back", ACCOUNT, projectOf("signup"), billingOf("signup")));
        docs.add(usage("eur-back", ACCOUNT, "u-4", subprojectOf("client"), "2", "EUR"));
        return scenario("currency per billing account; relink moves charges", docs);
    }

    private static Arguments billingAccountInUseAndLimits() {
        List<String> docs = signedUp("PREPAID", "EUR");
        docs.add(billingDelete("only", ACCOUNT, billingOf("signup")));
        docs.add(billingCreate("ba-2", ACCOUNT, "PREPAID", "EUR", null));
        docs.add(billingCreate("ba-3", ACCOUNT, "POSTPAID", "EUR", "10"));
        docs.add(billingCreate("ba-4", ACCOUNT, "PREPAID", "EUR", null));
        for (int i = 0; i < 24; i++) {
            docs.add(projectCreate("p-" + i, ACCOUNT, billingOf("ba-2")));
        }
        docs.add(projectCreate("p-too-many", ACCOUNT, null));
        docs.add(billingDelete("in-use", ACCOUNT, billingOf("ba-2")));
        docs.add(link("relink", ACCOUNT, projectOf("signup"), billingOf("ba-3")));
        docs.add(billingDelete("signup-ba-delete", ACCOUNT, billingOf("signup")));
        docs.add(billingCreate("ba-5", ACCOUNT, "PREPAID", "EUR", null));
        docs.add(projectCreate("p-default", ACCOUNT, null));
        return scenario("billing account in use; billing and project limits", docs);
    }

    private static Arguments lastEntitiesAndCascade() {
        List<String> docs = signedUp("PREPAID", "EUR");
        docs.add(projectDelete("last", ACCOUNT, projectOf("signup"), true));
        docs.add(projectCreate("prj-2", ACCOUNT, null));
        docs.add(subprojectCreate("sub-b", ACCOUNT, projectOf("prj-2"), "b"));
        docs.add(subprojectCreate("sub-a", ACCOUNT, projectOf("prj-2"), "a"));
        docs.add(credit("topup", ACCOUNT, billingOf("signup"), "3", "EUR"));
        docs.add(usage("use", ACCOUNT, "u-1", subprojectOf("sub-a"), "1", "EUR"));
        docs.add(projectDelete("no-cascade", ACCOUNT, projectOf("prj-2"), false));
        docs.add(projectDelete("cascade", ACCOUNT, projectOf("prj-2"), true));
        docs.add(projectDelete("now-last", ACCOUNT, projectOf("signup"), false));
        return scenario("last project; subprojects need cascade", docs);
    }

    private static Arguments subprojectLimit() {
        List<String> docs = signedUp("PREPAID", "EUR");
        docs.add(subprojectCreate("sub-1", ACCOUNT, projectOf("signup"), null));
        docs.add(subprojectCreate("sub-2", ACCOUNT, projectOf("signup"), "ref"));
        docs.add(subprojectCreate("sub-3", ACCOUNT, projectOf("signup"), null));
        docs.add(subprojectCreate("sub-ref", ACCOUNT, projectOf("signup"), "ref"));
        docs.add(subprojectDelete("sub-1-delete", ACCOUNT, subprojectOf("sub-1")));
        docs.add(subprojectCreate("sub-4", ACCOUNT, projectOf("signup"), null));
        return scenario("subprojects per project limit", docs);
    }

    private static Arguments amountLimits() {
        List<String> docs = signedUp("PREPAID", "EUR");
        for (int i = 0; i < 10; i++) {
            docs.add(credit("big-" + i, ACCOUNT, billingOf("signup"), "1000000000", "EUR"));
        }
        docs.add(billingCreate("postpaid", ACCOUNT, "POSTPAID", "EUR", null));
        docs.add(link("relink", ACCOUNT, projectOf("signup"), billingOf("postpaid")));
        for (int i = 0; i < 10; i++) {
            docs.add(
                    usage("use-" + i, ACCOUNT, "u-" + i, projectOf("signup"), "1000000000", "EUR"));
        }
        docs.add(credit("pay-down", ACCOUNT, billingOf("postpaid"), "1000000000", "EUR"));
        docs.add(usage("use-total", ACCOUNT, "u-total", projectOf("signup"), "1000000000", "EUR"));
        docs.add(usage("use-small", ACCOUNT, "u-small", projectOf("signup"), "0.000001", "EUR"));
        return scenario("amounts stop at the largest stored amount", docs);
    }
}
