package dev.provisioning.worker.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Redis state of one account as rebuilt from the latest changelog value of each of its
 * entities: the entities hash, the indexes and the money hash that the apply script keeps.
 *
 * <p>A changelog value is the entity's stored document plus its money view ({@code balance}, {@code
 * owed}, {@code usage}), so the view fields are split off again here. Built on one thread and then
 * only read.
 */
final class RebuiltAccount {
    private static final String ACCOUNT_FIELD = "account";

    final String accountId;
    final Map<String, String> entities = new LinkedHashMap<>();
    final Map<String, Double> projects = new LinkedHashMap<>();
    final Map<String, Double> billingAccounts = new LinkedHashMap<>();
    final List<String> subprojects = new ArrayList<>();
    final List<String> links = new ArrayList<>();
    final Map<String, String> externalRefs = new LinkedHashMap<>();
    final Map<String, String> money = new LinkedHashMap<>();

    private RebuiltAccount(String accountId) {
        this.accountId = accountId;
    }

    /**
     * Builds an account's state from the latest documents of its entities, keyed by entity id.
     *
     * @param documents changelog values of live and deleted entities of one account
     */
    static RebuiltAccount of(String accountId, Map<String, ObjectNode> documents) {
        RebuiltAccount account = new RebuiltAccount(accountId);
        documents.forEach(account::add);
        account.addCreationOrder(documents.values());
        return account;
    }

    private void add(String entityId, ObjectNode changelogValue) {
        ObjectNode document = changelogValue.deepCopy();
        String type = document.path("entityType").asText();
        boolean live = !document.path("deleted").asBoolean(false);
        switch (type) {
            case "account" -> entities.put(ACCOUNT_FIELD, document.toString());
            case "billingAccount" -> addBillingAccount(entityId, document, live);
            case "project" -> addProject(entityId, document, live);
            case "subproject" -> addSubproject(entityId, document, live);
            default ->
                    throw new IllegalStateException(
                            "changelog value of " + entityId + " has unknown entityType " + type);
        }
    }

    private void addBillingAccount(String id, ObjectNode document, boolean live) {
        putMicrosIfNotZero(id + ":balance", document.remove("balance"));
        putMicrosIfNotZero(id + ":owed", document.remove("owed"));
        JsonNode creditLimit = document.get("creditLimit");
        if (creditLimit != null && creditLimit.isTextual()) {
            money.put(id + ":limit", Long.toString(micros(creditLimit)));
        }
        addUsage(id, document.remove("usage"));
        entities.put(id, document.toString());
    }

    private void addProject(String id, ObjectNode document, boolean live) {
        addUsage(id, document.remove("usage"));
        entities.put(id, document.toString());
        if (live) {
            links.add(document.path("billingAccountId").asText() + "/" + id);
        }
    }

    private void addSubproject(String id, ObjectNode document, boolean live) {
        addUsage(id, document.remove("usage"));
        entities.put(id, document.toString());
        if (!live) {
            return;
        }
        String parent = document.path("parentProjectId").asText();
        subprojects.add(parent + "/" + id);
        JsonNode externalRef = document.get("externalRef");
        if (externalRef != null && externalRef.isTextual()) {
            externalRefs.put(parent + "/" + externalRef.asText(), id);
        }
    }

    /** Restores the usage totals of one entity in the currency order of its first charges. */
    private void addUsage(String id, JsonNode usage) {
        if (usage == null || !usage.isArray() || usage.isEmpty()) {
            return;
        }
        List<String> currencies = new ArrayList<>();
        for (JsonNode total : usage) {
            String currency = total.path("currency").asText();
            String prefix = id + ":usage:" + currency;
            currencies.add(currency);
            money.put(prefix + ":amount", Long.toString(micros(total.get("amount"))));
            money.put(prefix + ":quantity", total.path("quantity").asText());
            money.put(prefix + ":count", total.path("records").asText());
        }
        money.put(id + ":currencies", String.join(",", currencies));
    }

    /**
     * Scores billing accounts and projects by creation sequence, as the apply script does with its
     * {@code seq} counter: one step per created entity, deleted ones included, in order of
     * createTime, then billing accounts before projects (sign-up inserts them in that order at the
     * same instant), then id.
     */
    private void addCreationOrder(Iterable<ObjectNode> documents) {
        List<ObjectNode> created = new ArrayList<>();
        for (ObjectNode document : documents) {
            String type = document.path("entityType").asText();
            if (type.equals("billingAccount") || type.equals("project")) {
                created.add(document);
            }
        }
        created.sort(
                Comparator.comparing((ObjectNode d) -> d.path("createTime").asText())
                        .thenComparing(d -> d.path("entityType").asText().equals("project"))
                        .thenComparing(RebuiltAccount::entityId));
        long sequence = 0;
        for (ObjectNode document : created) {
            sequence++;
            if (document.path("deleted").asBoolean(false)) {
                continue;
            }
            Map<String, Double> index =
                    document.path("entityType").asText().equals("project")
                            ? projects
                            : billingAccounts;
            index.put(entityId(document), (double) sequence);
        }
        if (sequence > 0) {
            money.put("seq", Long.toString(sequence));
        }
    }

    private static String entityId(ObjectNode document) {
        return document.path("entityType").asText().equals("project")
                ? document.path("projectId").asText()
                : document.path("billingAccountId").asText();
    }

    private void putMicrosIfNotZero(String field, JsonNode amount) {
        if (amount == null) {
            return;
        }
        long micros = micros(amount);
        if (micros != 0) {
            money.put(field, Long.toString(micros));
        }
    }

    private static long micros(JsonNode amount) {
        return new BigDecimal(amount.asText()).movePointRight(6).longValueExact();
    }
}
