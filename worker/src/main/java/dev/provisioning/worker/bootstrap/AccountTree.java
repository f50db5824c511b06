package dev.provisioning.worker.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.worker.account.AccountKeys;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One account's live entities and money as stored in Redis, printed as a tree. The key layout and
 * the field names of the {@code money} hash are those that {@link AccountKeys} documents; amounts
 * there are integers in micro-units.
 */
final class AccountTree {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MICRO_SCALE = 6;

    private final JsonNode account;
    private final Map<String, String> entities;
    private final Map<String, String> money;
    private final List<String> billingAccountIds;
    private final List<String> projectIds;
    private final Map<String, List<String>> subprojectIdsByProject;

    private AccountTree(
            JsonNode account,
            Map<String, String> entities,
            Map<String, String> money,
            List<String> billingAccountIds,
            List<String> projectIds,
            Map<String, List<String>> subprojectIdsByProject) {
        this.account = account;
        this.entities = entities;
        this.money = money;
        this.billingAccountIds = billingAccountIds;
        this.projectIds = projectIds;
        this.subprojectIdsByProject = subprojectIdsByProject;
    }

    /**
     * Reads the account, or returns null if it does not exist. The commands of a standalone server
     * and of a cluster both fit, because every key of the account is in one slot.
     */
    static AccountTree read(
            RedisClusterCommands<String, String> redis, String keyPrefix, String accountId) {
        AccountKeys keys = new AccountKeys(keyPrefix, accountId);
        Map<String, String> entities = redis.hgetall(keys.entities());
        String accountJson = entities.get("account");
        if (accountJson == null) {
            return null;
        }

        Map<String, List<String>> subprojects = new LinkedHashMap<>();
        for (String member : redis.zrange(keys.subprojects(), 0, -1)) {
            int slash = member.indexOf('/');
            subprojects
                    .computeIfAbsent(member.substring(0, slash), id -> new ArrayList<>())
                    .add(member.substring(slash + 1));
        }
        subprojects.values().forEach(ids -> ids.sort(byCreateTime(entities)));
        return new AccountTree(
                parse(accountJson),
                entities,
                redis.hgetall(keys.money()),
                redis.zrange(keys.billingAccounts(), 0, -1),
                redis.zrange(keys.projects(), 0, -1),
                subprojects);
    }

    void print(PrintWriter out) {
        out.printf(
                "Account %s \"%s\" created %s%n",
                text(account, "accountId"),
                text(account, "displayName"),
                text(account, "createTime"));
        out.println("  Billing accounts");
        for (String id : billingAccountIds) {
            out.println("    " + describeBillingAccount(id));
        }
        out.println("  Projects");
        for (String projectId : projectIds) {
            out.println("    " + describeProject(projectId));
            for (String subprojectId : subprojectIdsByProject.getOrDefault(projectId, List.of())) {
                out.println("      " + describeSubproject(subprojectId));
            }
        }
    }

    /** Prints the live subprojects with this externalRef; returns whether there was one. */
    boolean printExternalRef(PrintWriter out, String externalRef) {
        boolean found = false;
        for (String projectId : projectIds) {
            for (String subprojectId : subprojectIdsByProject.getOrDefault(projectId, List.of())) {
                JsonNode subproject = entity(subprojectId);
                if (externalRef.equals(text(subproject, "externalRef"))) {
                    out.println(describeSubproject(subprojectId));
                    out.println("  in " + describeProject(projectId));
                    found = true;
                }
            }
        }
        return found;
    }

    private String describeBillingAccount(String id) {
        JsonNode billing = entity(id);
        StringBuilder line =
                new StringBuilder()
                        .append(id)
                        .append(" \"")
                        .append(text(billing, "displayName"))
                        .append("\" ")
                        .append(text(billing, "kind"))
                        .append(' ')
                        .append(text(billing, "currency"))
                        .append(" balance ")
                        .append(amount(id + ":balance"))
                        .append(" owed ")
                        .append(amount(id + ":owed"));
        if (money.containsKey(id + ":limit")) {
            line.append(" creditLimit ").append(amount(id + ":limit"));
        }
        return line.append(usage(id)).toString();
    }

    private String describeProject(String id) {
        JsonNode project = entity(id);
        int subprojects = subprojectIdsByProject.getOrDefault(id, List.of()).size();
        return id
                + " \""
                + text(project, "displayName")
                + "\" billed to "
                + text(project, "billingAccountId")
                + ", "
                + subprojects
                + " subproject(s)"
                + labels(project)
                + usage(id);
    }

    private String describeSubproject(String id) {
        JsonNode subproject = entity(id);
        String externalRef = text(subproject, "externalRef");
        return id
                + " \""
                + text(subproject, "displayName")
                + "\""
                + (externalRef == null ? "" : " externalRef " + externalRef)
                + labels(subproject)
                + usage(id);
    }

    /** Returns the usage totals per currency, or an empty string when there is no usage. */
    private String usage(String id) {
        String currencies = money.get(id + ":currencies");
        if (currencies == null || currencies.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(", usage");
        for (String currency : currencies.split(",")) {
            String prefix = id + ":usage:" + currency;
            text.append(' ')
                    .append(currency)
                    .append(' ')
                    .append(amount(prefix + ":amount"))
                    .append(" (")
                    .append(money.getOrDefault(prefix + ":count", "0"))
                    .append(" usage records, quantity ")
                    .append(money.getOrDefault(prefix + ":quantity", "0"))
                    .append(')');
        }
        return text.toString();
    }

    private static String labels(JsonNode entity) {
        JsonNode labels = entity.get("labels");
        if (labels == null || !labels.isObject() || labels.isEmpty()) {
            return "";
        }
        Map<String, String> values = new LinkedHashMap<>();
        labels.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return " labels " + values;
    }

    /** Formats micro-units as a decimal with at least two fraction digits, as results do. */
    private String amount(String field) {
        BigDecimal value =
                new BigDecimal(money.getOrDefault(field, "0")).movePointLeft(MICRO_SCALE);
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale())).toPlainString();
    }

    private JsonNode entity(String id) {
        String json = entities.get(id);
        if (json == null) {
            throw new IllegalStateException(
                    "entity " + id + " is listed in an index but missing from the entities hash");
        }
        return parse(json);
    }

    /** Orders subprojects by creation time, because their index is ordered by id. */
    private static Comparator<String> byCreateTime(Map<String, String> entities) {
        Map<String, String> createTimes = new HashMap<>();
        return Comparator.comparing(
                        (String id) ->
                                createTimes.computeIfAbsent(
                                        id, key -> text(parse(entities.get(key)), "createTime")),
                        Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Comparator.naturalOrder());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("entity JSON in Redis is not valid JSON", e);
        }
    }
}
