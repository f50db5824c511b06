package dev.provisioning.contracts.payload;

import static dev.provisioning.contracts.Edit.remove;
import static dev.provisioning.contracts.Edit.set;
import static dev.provisioning.contracts.Samples.jsonString;
import static dev.provisioning.contracts.Samples.letters;

import dev.provisioning.contracts.Edit;
import dev.provisioning.contracts.RequestType;
import dev.provisioning.contracts.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tables of field rules for every payload type, as edits to the type's valid sample request. They
 * are kept apart from the tests so that every checker of the contract runs the same rows.
 */
public final class PayloadRuleCases {
    private static final String EMOJI = "\uD83D\uDE00";

    private PayloadRuleCases() {}

    /** Returns every row whose request the decoder must reject, for all payload types. */
    public static Stream<FieldRuleCase> invalid() {
        return Stream.of(
                        accountCreate(),
                        billingAccountCreate(),
                        billingAccountUpdate(),
                        billingAccountCredit(),
                        billingAccountDelete(),
                        projectCreate(),
                        projectUpdate(),
                        projectLinkBillingAccount(),
                        projectDelete(),
                        subprojectCreate(),
                        subprojectUpdate(),
                        subprojectDelete(),
                        usageRecord())
                .flatMap(List::stream);
    }

    /** Returns rows at the edge of a rule whose request the decoder must accept. */
    public static Stream<FieldRuleCase> valid() {
        RequestType subproject = RequestType.SUBPROJECT_CREATE;
        RequestType usage = RequestType.USAGE_RECORD;
        RequestType update = RequestType.BILLING_ACCOUNT_UPDATE;
        RequestType signUp = RequestType.ACCOUNT_CREATE;
        return Stream.of(
                accept(subproject, setText("payload.displayName", letters(255))),
                accept(subproject, setText("payload.displayName", EMOJI.repeat(255))),
                accept(subproject, setText("payload.displayName", "Client\u00A01042")),
                accept(
                        subproject,
                        setText(
                                "payload.displayName",
                                "\u041A\u043B\u0438\u0435\u043D\u0442 1042")),
                accept(subproject, setText("payload.displayName", "\u200BClient")),
                accept(subproject, setText("payload.externalRef", letters(255))),
                accept(subproject, remove("payload.externalRef")),
                accept(subproject, set("payload.externalRef", "null")),
                accept(subproject, remove("payload.labels")),
                accept(subproject, set("payload.labels", "null")),
                accept(subproject, set("payload.labels", "{}")),
                accept(subproject, set("payload.labels", Samples.labels(255))),
                accept(subproject, set("payload.labels", label(letters(255), "gold"))),
                accept(subproject, set("payload.labels", label("tier", letters(255)))),
                accept(subproject, set("payload.labels", label("tier", EMOJI.repeat(255)))),
                accept(
                        usage,
                        remove("payload.subprojectId"),
                        setText("payload.projectId", "prj-1")),
                accept(
                        usage,
                        set("payload.subprojectId", "null"),
                        setText("payload.projectId", "p")),
                accept(usage, setText("payload.usageId", letters(128))),
                accept(usage, remove("payload.quantity")),
                accept(usage, set("payload.quantity", "null")),
                accept(usage, set("payload.quantity", "1")),
                accept(usage, set("payload.quantity", "1000000000000")),
                accept(usage, setText("payload.amount", "1000000000")),
                accept(usage, setText("payload.amount", "1000000000.000000")),
                accept(usage, setText("payload.amount", "0.000001")),
                accept(usage, setText("payload.amount", "7")),
                accept(usage, remove("payload.product")),
                accept(
                        update,
                        remove("payload.displayName"),
                        remove("payload.payer"),
                        setText("payload.creditLimit", "0")),
                accept(update, remove("payload.displayName"), remove("payload.creditLimit")),
                accept(update, remove("payload.payer"), remove("payload.creditLimit")),
                accept(RequestType.PROJECT_DELETE, remove("payload.cascade")),
                accept(RequestType.PROJECT_DELETE, set("payload.cascade", "false")),
                accept(RequestType.PROJECT_CREATE, remove("payload.billingAccountId")),
                accept(RequestType.PROJECT_UPDATE, remove("payload.labels")),
                accept(RequestType.PROJECT_UPDATE, remove("payload.displayName")),
                accept(RequestType.SUBPROJECT_UPDATE, remove("payload.displayName")),
                accept(signUp, remove("payload.project")),
                accept(signUp, set("payload.project", "null")),
                accept(signUp, remove("payload.billingAccount.displayName")),
                accept(signUp, setText("payload.billingAccount.creditLimit", "0")),
                accept(signUp, remove("payload.billingAccount.creditLimit")),
                accept(
                        signUp,
                        setText("payload.billingAccount.kind", "PREPAID"),
                        remove("payload.billingAccount.creditLimit")),
                accept(
                        signUp,
                        setText("payload.billingAccount.kind", "PREPAID"),
                        set("payload.billingAccount.creditLimit", "null")),
                accept(signUp, setText("payload.billingAccount.payer.taxId", letters(64))),
                accept(signUp, setText("payload.billingAccount.payer.address", letters(1024))),
                accept(signUp, setText("payload.billingAccount.currency", "JPY")));
    }

    static List<FieldRuleCase> accountCreate() {
        RequestType type = RequestType.ACCOUNT_CREATE;
        String billing = "payload.billingAccount";
        Rows rows = new Rows(type);
        rows.requiredText("payload.displayName", 255);
        rows.requiredObject(billing);
        rows.optionalText(billing + ".displayName", 255);
        rows.requiredKind(billing + ".kind");
        rows.requiredCurrency(billing + ".currency");
        rows.payer(billing + ".payer", true);
        rows.creditLimit(billing + ".creditLimit");
        rows.reject(billing + ".creditLimit", setText(billing + ".kind", "PREPAID"));
        rows.unknown(billing + ".balance");
        rows.unknown(billing + ".billingAccountId");
        rows.notAnObject("payload.project");
        rows.reject("payload.project.displayName", set("payload.project", "{}"));
        rows.requiredText("payload.project.displayName", 255);
        rows.unknown("payload.project.labels");
        rows.unknown("payload.labels");
        rows.unknown("payload.accountId");
        rows.rejectAll(
                List.of("payload.displayName", "payload.displayname"),
                remove("payload.displayName"),
                setText("payload.displayname", "Relaywave"));
        return rows.list();
    }

    static List<FieldRuleCase> billingAccountCreate() {
        Rows rows = new Rows(RequestType.BILLING_ACCOUNT_CREATE);
        rows.requiredText("payload.displayName", 255);
        rows.requiredKind("payload.kind");
        rows.requiredCurrency("payload.currency");
        rows.payer("payload.payer", true);
        for (String limit : invalidCreditLimits()) {
            rows.reject(
                    "payload.creditLimit",
                    setText("payload.kind", "POSTPAID"),
                    set("payload.creditLimit", limit));
        }
        rows.reject("payload.creditLimit", setText("payload.creditLimit", "100.00"));
        rows.unknown("payload.balance");
        rows.unknown("payload.billingAccountId");
        return rows.list();
    }

    static List<FieldRuleCase> billingAccountUpdate() {
        Rows rows = new Rows(RequestType.BILLING_ACCOUNT_UPDATE);
        rows.requiredId("payload.billingAccountId");
        rows.optionalText("payload.displayName", 255);
        rows.payer("payload.payer", false);
        rows.creditLimit("payload.creditLimit");
        rows.reject(
                "payload",
                remove("payload.displayName"),
                remove("payload.payer"),
                remove("payload.creditLimit"));
        rows.reject(
                "payload",
                set("payload.displayName", "null"),
                set("payload.payer", "null"),
                set("payload.creditLimit", "null"));
        rows.unknown("payload.kind");
        rows.unknown("payload.currency");
        return rows.list();
    }

    static List<FieldRuleCase> billingAccountCredit() {
        Rows rows = new Rows(RequestType.BILLING_ACCOUNT_CREDIT);
        rows.requiredId("payload.billingAccountId");
        rows.requiredPositiveAmount("payload.amount");
        rows.requiredCurrency("payload.currency");
        rows.unknown("payload.reference");
        return rows.list();
    }

    static List<FieldRuleCase> billingAccountDelete() {
        Rows rows = new Rows(RequestType.BILLING_ACCOUNT_DELETE);
        rows.requiredId("payload.billingAccountId");
        rows.unknown("payload.force");
        return rows.list();
    }

    static List<FieldRuleCase> projectCreate() {
        Rows rows = new Rows(RequestType.PROJECT_CREATE);
        rows.requiredText("payload.displayName", 255);
        rows.optionalId("payload.billingAccountId");
        rows.labels("payload.labels");
        rows.unknown("payload.parentProjectId");
        rows.unknown("payload.projectId");
        return rows.list();
    }

    static List<FieldRuleCase> projectUpdate() {
        Rows rows = new Rows(RequestType.PROJECT_UPDATE);
        rows.requiredId("payload.projectId");
        rows.optionalText("payload.displayName", 255);
        rows.labels("payload.labels");
        rows.reject("payload", remove("payload.displayName"), remove("payload.labels"));
        rows.reject("payload", set("payload.displayName", "null"), set("payload.labels", "null"));
        rows.unknown("payload.billingAccountId");
        return rows.list();
    }

    static List<FieldRuleCase> projectLinkBillingAccount() {
        Rows rows = new Rows(RequestType.PROJECT_LINK_BILLING_ACCOUNT);
        rows.requiredId("payload.projectId");
        rows.requiredId("payload.billingAccountId");
        rows.unknown("payload.cascade");
        return rows.list();
    }

    static List<FieldRuleCase> projectDelete() {
        Rows rows = new Rows(RequestType.PROJECT_DELETE);
        rows.requiredId("payload.projectId");
        for (String cascade : List.of("\"true\"", "1", "0", "\"yes\"", "{}", "[true]")) {
            rows.reject("payload.cascade", set("payload.cascade", cascade));
        }
        rows.unknown("payload.force");
        return rows.list();
    }

    static List<FieldRuleCase> subprojectCreate() {
        Rows rows = new Rows(RequestType.SUBPROJECT_CREATE);
        rows.requiredId("payload.parentProjectId");
        rows.requiredText("payload.displayName", 255);
        rows.optionalText("payload.externalRef", 255);
        rows.labels("payload.labels");
        rows.reject(
                "payload.externalref",
                remove("payload.externalRef"),
                setText("payload.externalref", "client-1042"));
        rows.unknown("payload.parentSubprojectId");
        rows.unknown("payload.subprojectId");
        return rows.list();
    }

    static List<FieldRuleCase> subprojectUpdate() {
        Rows rows = new Rows(RequestType.SUBPROJECT_UPDATE);
        rows.requiredId("payload.subprojectId");
        rows.optionalText("payload.displayName", 255);
        rows.labels("payload.labels");
        rows.reject("payload", remove("payload.displayName"), remove("payload.labels"));
        rows.unknown("payload.parentProjectId");
        rows.unknown("payload.externalRef");
        return rows.list();
    }

    static List<FieldRuleCase> subprojectDelete() {
        Rows rows = new Rows(RequestType.SUBPROJECT_DELETE);
        rows.requiredId("payload.subprojectId");
        rows.unknown("payload.cascade");
        return rows.list();
    }

    static List<FieldRuleCase> usageRecord() {
        Rows rows = new Rows(RequestType.USAGE_RECORD);
        rows.requiredId("payload.usageId");
        rows.optionalId("payload.subprojectId");
        for (String id : invalidIds()) {
            rows.reject(
                    "payload.projectId",
                    remove("payload.subprojectId"),
                    set("payload.projectId", id));
        }
        rows.reject("payload", setText("payload.projectId", "prj-2f6a9e04b7d1"));
        rows.reject("payload", remove("payload.subprojectId"));
        rows.reject("payload", set("payload.subprojectId", "null"));
        rows.reject(
                "payload", set("payload.subprojectId", "null"), set("payload.projectId", "null"));
        rows.requiredPositiveAmount("payload.amount");
        rows.requiredCurrency("payload.currency");
        List<String> quantities =
                List.of("1.9", "0.5", "\"5\"", "0", "-1", "1000000000001", "true", "[5]", "{}");
        for (String quantity : quantities) {
            rows.reject("payload.quantity", set("payload.quantity", quantity));
        }
        rows.optionalText("payload.product", 255);
        rows.unknown("payload.unitPrice");
        return rows.list();
    }

    /** JSON values that break the text rule for a field of at most {@code maxLength}. */
    static List<String> invalidTexts(int maxLength) {
        return List.of(
                "\"\"",
                "\"   \"",
                "\"\\u00A0\\u3000\"",
                "\"Client\\u0007\"",
                "\"Client\\n1042\"",
                "\"Client\\u009B\"",
                jsonString(letters(maxLength + 1)),
                jsonString(EMOJI.repeat(maxLength + 1)),
                "42",
                "true",
                "{}",
                "[\"Client\"]");
    }

    /** JSON values that are not a valid id. */
    static List<String> invalidIds() {
        return List.of(
                "\"\"",
                "\"prj 1\"",
                "\"prj/1\"",
                "\"prj-\\u00E9\"",
                "\"prj-1\\n\"",
                jsonString(letters(129)),
                "7",
                "{}");
    }

    /** JSON values that are not an amount greater than zero. */
    static List<String> invalidPositiveAmounts() {
        List<String> amounts = new ArrayList<>(invalidCreditLimits());
        amounts.addAll(List.of("\"0\"", "\"0.0\"", "\"0.000000\""));
        return amounts;
    }

    /** JSON values that are not an amount, zero allowed. */
    static List<String> invalidCreditLimits() {
        return List.of(
                "\"-1\"",
                "\"1e3\"",
                "\"NaN\"",
                "\"Infinity\"",
                "\"\"",
                "\"0.1234567\"",
                "\"1,50\"",
                "\" 1.50\"",
                "\"1.50 \"",
                "\"1.\"",
                "\".5\"",
                "\"01.00\"",
                "\"+1\"",
                "\"1000000000.000001\"",
                "\"99999999999\"",
                "10",
                "10.5",
                "true",
                "{}");
    }

    /** JSON values that are not an accepted currency code. */
    static List<String> invalidCurrencies() {
        return List.of(
                "\"eur\"",
                "\"EURO\"",
                "\"EU\"",
                "\"\"",
                "\"XXX\"",
                "\"DEM\"",
                "\"XAU\"",
                "\"\u20AC\"",
                "978");
    }

    private static FieldRuleCase accept(RequestType type, Edit... edits) {
        return new FieldRuleCase(type, List.of(edits), List.of());
    }

    private static Edit setText(String path, String value) {
        return Edit.setText(path, value);
    }

    private static String label(String key, String value) {
        return "{" + jsonString(key) + ":" + jsonString(value) + "}";
    }

    /** Collects the rows of one request type. */
    private static final class Rows {
        private final RequestType type;
        private final List<FieldRuleCase> list = new ArrayList<>();

        Rows(RequestType type) {
            this.type = type;
        }

        List<FieldRuleCase> list() {
            return List.copyOf(list);
        }

        void reject(String field, Edit... edits) {
            list.add(new FieldRuleCase(type, List.of(edits), List.of(field)));
        }

        void rejectAll(List<String> fields, Edit... edits) {
            list.add(new FieldRuleCase(type, List.of(edits), fields));
        }

        void missing(String path) {
            reject(path, remove(path));
            reject(path, set(path, "null"));
        }

        void each(String path, List<String> values) {
            for (String value : values) {
                reject(path, set(path, value));
            }
        }

        void requiredText(String path, int maxLength) {
            missing(path);
            optionalText(path, maxLength);
        }

        void optionalText(String path, int maxLength) {
            each(path, invalidTexts(maxLength));
        }

        void requiredId(String path) {
            missing(path);
            optionalId(path);
        }

        void optionalId(String path) {
            each(path, invalidIds());
        }

        void requiredObject(String path) {
            missing(path);
            notAnObject(path);
        }

        void notAnObject(String path) {
            each(path, List.of("\"EUR\"", "[]", "5", "true"));
        }

        void requiredKind(String path) {
            missing(path);
            each(path, List.of("\"prepaid\"", "\"CREDIT\"", "\"\"", "1", "[\"PREPAID\"]"));
        }

        void requiredCurrency(String path) {
            missing(path);
            each(path, invalidCurrencies());
        }

        void requiredPositiveAmount(String path) {
            missing(path);
            each(path, invalidPositiveAmounts());
        }

        void creditLimit(String path) {
            each(path, invalidCreditLimits());
        }

        void payer(String path, boolean required) {
            if (required) {
                missing(path);
            }
            notAnObject(path);
            rejectAll(List.of(path + ".name", path + ".address", path + ".taxId"), set(path, "{}"));
            requiredText(path + ".name", 255);
            requiredText(path + ".address", 1024);
            requiredText(path + ".taxId", 64);
            unknown(path + ".vatNumber");
        }

        void labels(String path) {
            each(path, List.of("\"tier=gold\"", "[]", "[[\"tier\",\"gold\"]]", "7"));
            reject(path + ".tier", set(path, "{\"tier\":1}"));
            reject(path + ".tier", set(path, "{\"tier\":null}"));
            reject(path + ".tier", set(path, "{\"tier\":[\"gold\"]}"));
            reject(path + ".tier", set(path, "{\"tier\":\"\"}"));
            reject(path + ".tier", set(path, "{\"tier\":\"  \"}"));
            reject(path + ".tier", set(path, "{\"tier\":\"gold\\tplus\"}"));
            reject(path + ".tier", set(path, label("tier", letters(256))));
            reject(path, set(path, "{\"\":\"gold\"}"));
            reject(path, set(path, "{\" \":\"gold\"}"));
            reject(path, set(path, "{\"ti\\u0000er\":\"gold\"}"));
            reject(path, set(path, label(letters(256), "gold")));
            reject(path, set(path, Samples.labels(256)));
        }

        void unknown(String path) {
            reject(path, setText(path, "x"));
        }
    }
}
