package dev.provisioning.worker.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.worker.account.EntityIds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request records of the demo, in sending order. Each application service provider (ASP) signs
 * up, tops up a prepaid balance, onboards its clients as subprojects, opens a second billing
 * account and project, and records usage. A few records are wrong on purpose, so that every kind of
 * answer shows up: repeats of a requestId, a second onboarding of the same client, invalid names,
 * usage in the wrong currency or beyond the balance, and records that are not requests at all.
 */
final class DemoSample {
    /** Clients with {@code index % 100} equal to this get an invalid displayName. */
    static final int INVALID_NAME_SLOT = 37;

    /** Clients with {@code index % 100} equal to this are onboarded a second time. */
    static final int REONBOARD_SLOT = 71;

    /** Clients with {@code index % 50} equal to this have their request sent twice. */
    static final int REPEAT_SLOT = 7;

    /** Clients with {@code index % 10} equal to this record usage. */
    static final int USAGE_SLOT = 3;

    /** Usage records with {@code index % 8} equal to this use a currency the payer lacks. */
    static final int WRONG_CURRENCY_SLOT = 5;

    private static final String[] TIERS = {"gold", "silver", "bronze"};
    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};
    private static final String[] PRODUCTS = {"sms.outbound", "voice.minutes", "number.rental"};
    private static final BigDecimal CREDIT_PER_USAGE = new BigDecimal("0.40");
    private static final BigDecimal MIN_CREDIT = new BigDecimal("1.00");

    private static final List<Plan> PLANS =
            List.of(
                    new Plan("PREPAID", "EUR", "GBP"),
                    new Plan("POSTPAID", "USD", "EUR"),
                    new Plan("PREPAID", "GBP", "USD"));

    private final ObjectMapper mapper = new ObjectMapper();
    private final String issuedAt;
    private final List<SampleRecord> records = new ArrayList<>();

    /**
     * One record to send.
     *
     * @param key the record key, the accountId
     * @param requestId the requestId, or null for a record the worker cannot read as a request
     * @param value the record value
     */
    record SampleRecord(String key, String requestId, byte[] value) {}

    /** Payment plan of an ASP: billing kind, its currency and a currency it does not have. */
    private record Plan(String kind, String currency, String foreignCurrency) {}

    private DemoSample(Instant issuedAt) {
        this.issuedAt = issuedAt.toString();
    }

    /**
     * Builds the records for {@code asps} ASPs with {@code clients} clients each.
     *
     * @param runTag part of every accountId, so runs against the same Redis do not collide
     */
    static List<SampleRecord> generate(int asps, int clients, String runTag, Instant issuedAt) {
        DemoSample sample = new DemoSample(issuedAt);
        for (int asp = 1; asp <= asps; asp++) {
            sample.addAsp(accountId(runTag, asp), PLANS.get((asp - 1) % PLANS.size()), clients);
            if (asp == 1) {
                sample.addUnreadableRecords(accountId(runTag, asp));
            }
        }
        return List.copyOf(sample.records);
    }

    static String accountId(String runTag, int asp) {
        return "demo-" + runTag + "-asp-" + asp;
    }

    static String onboardRequestId(int client) {
        return "client-" + client + "-onboard";
    }

    private void addAsp(String accountId, Plan plan, int clients) {
        int usageRecords = (clients + 9 - USAGE_SLOT) / 10;
        addSignUp(accountId, plan);
        if (plan.kind().equals("PREPAID")) {
            BigDecimal credit = CREDIT_PER_USAGE.multiply(BigDecimal.valueOf(usageRecords));
            add(
                    accountId,
                    "credit-1",
                    "billing-account.credit",
                    Map.of(
                            "billingAccountId",
                            EntityIds.billingAccount(accountId, "signup"),
                            "amount",
                            credit.max(MIN_CREDIT).toPlainString(),
                            "currency",
                            plan.currency()));
        }
        for (int client = 0; client < clients; client++) {
            addOnboarding(accountId, client);
        }
        addSecondBillingAccountAndProject(accountId, plan);
        addUsage(accountId, plan, clients);
    }

    private void addSignUp(String accountId, Plan plan) {
        Map<String, Object> billing = new LinkedHashMap<>();
        billing.put("displayName", "Main " + plan.currency());
        billing.put("kind", plan.kind());
        billing.put("currency", plan.currency());
        billing.put("payer", payer(accountId));
        if (plan.kind().equals("POSTPAID")) {
            billing.put("creditLimit", "5000.00");
        }
        add(
                accountId,
                "signup",
                "account.create",
                Map.of(
                        "displayName",
                        "ASP " + accountId,
                        "billingAccount",
                        billing,
                        "project",
                        Map.of("displayName", "Clients")));
    }

    private void addOnboarding(String accountId, int client) {
        String parent = EntityIds.project(accountId, "signup");
        boolean invalidName = client % 100 == INVALID_NAME_SLOT;
        String displayName = invalidName ? invalidName(client) : "Client " + client;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("parentProjectId", parent);
        payload.put("displayName", displayName);
        payload.put("externalRef", "client-" + client);
        payload.put(
                "labels",
                Map.of(
                        "tier", TIERS[client % TIERS.length],
                        "region", REGIONS[(client / 3) % REGIONS.length]));
        add(accountId, onboardRequestId(client), "subproject.create", payload);

        if (client % 50 == REPEAT_SLOT) {
            records.add(records.get(records.size() - 1));
        }
        if (client % 100 == REONBOARD_SLOT) {
            add(accountId, onboardRequestId(client) + "-again", "subproject.create", payload);
        }
    }

    /** Returns a name the worker rejects: blank, or longer than 255 characters. */
    private static String invalidName(int client) {
        return client % 200 == INVALID_NAME_SLOT ? "   " : "Client " + "x".repeat(260);
    }

    private void addSecondBillingAccountAndProject(String accountId, Plan plan) {
        add(
                accountId,
                "billing-2",
                "billing-account.create",
                Map.of(
                        "displayName",
                        "Invoicing " + plan.currency(),
                        "kind",
                        "POSTPAID",
                        "currency",
                        plan.currency(),
                        "payer",
                        payer(accountId),
                        "creditLimit",
                        "1000.00"));
        add(
                accountId,
                "project-2",
                "project.create",
                Map.of(
                        "displayName",
                        "Enterprise clients",
                        "labels",
                        Map.of("segment", "enterprise")));
        add(
                accountId,
                "project-2-link",
                "project.link-billing-account",
                Map.of(
                        "projectId", EntityIds.project(accountId, "project-2"),
                        "billingAccountId", EntityIds.billingAccount(accountId, "billing-2")));
    }

    private void addUsage(String accountId, Plan plan, int clients) {
        int index = 0;
        for (int client = USAGE_SLOT; client < clients; client += 10) {
            String currency =
                    index % 8 == WRONG_CURRENCY_SLOT ? plan.foreignCurrency() : plan.currency();
            String subprojectId = EntityIds.subproject(accountId, onboardRequestId(client));
            addUsageRecord(
                    accountId, "usage-" + client, "subprojectId", subprojectId, index, currency);
            index++;
        }
        String project2 = EntityIds.project(accountId, "project-2");
        for (int i = 0; i < 3; i++) {
            addUsageRecord(
                    accountId, "usage-project-2-" + i, "projectId", project2, i, plan.currency());
        }
    }

    private void addUsageRecord(
            String accountId,
            String usageId,
            String target,
            String targetId,
            int index,
            String currency) {
        BigDecimal amount = new BigDecimal("0.10").multiply(BigDecimal.valueOf(index % 10 + 1));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("usageId", usageId);
        payload.put(target, targetId);
        payload.put("amount", amount.toPlainString());
        payload.put("currency", currency);
        payload.put("quantity", index % 5 + 1);
        payload.put("product", PRODUCTS[index % PRODUCTS.length]);
        add(accountId, usageId, "usage.record", payload);
    }

    /** Adds records the worker moves to the dead-letter topic: no JSON, no object, no requestId. */
    private void addUnreadableRecords(String accountId) {
        records.add(unreadable(accountId, "client 1042,onboard"));
        records.add(unreadable(accountId, "[\"subproject.create\"]"));
        records.add(
                unreadable(
                        accountId,
                        "{\"specVersion\":\"1\",\"accountId\":\""
                                + accountId
                                + "\",\"type\":\"subproject.create\",\"payload\":{}}"));
    }

    private static SampleRecord unreadable(String accountId, String value) {
        return new SampleRecord(accountId, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> payer(String accountId) {
        return Map.of(
                "name", "ASP " + accountId + " Ltd",
                "address", "1 Harbour Street, Dublin",
                "taxId", "IE" + Math.abs(accountId.hashCode()));
    }

    private void add(String accountId, String requestId, String type, Map<String, Object> payload) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("specVersion", "1");
        request.put("requestId", requestId);
        request.put("accountId", accountId);
        request.put("type", type);
        request.put("issuedAt", issuedAt);
        request.put("payload", payload);
        try {
            records.add(new SampleRecord(accountId, requestId, mapper.writeValueAsBytes(request)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "demo request " + requestId + " is not serializable", e);
        }
    }
}
