package dev.provisioning.worker.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.RequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request documents for store tests, written as JSON as a producer would send them and decoded with
 * the contract's own decoder.
 */
final class RequestDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestDecoder DECODER = new RequestDecoder();

    private RequestDocuments() {}

    /** Writes one request document; payload values may be strings, booleans, numbers and maps. */
    static String document(
            String requestId, String accountId, String type, Map<String, ?> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("specVersion", "1");
        envelope.put("requestId", requestId);
        envelope.put("accountId", accountId);
        envelope.put("type", type);
        envelope.put("issuedAt", "2026-12-04T10:00:00Z");
        envelope.put("payload", payload);
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload cannot be written: " + payload, e);
        }
    }

    /** Decodes a document that must be a valid request. */
    static ProvisioningRequest decode(String document) {
        DecodedRequest decoded = DECODER.decode(document.getBytes(StandardCharsets.UTF_8));
        if (decoded instanceof DecodedRequest.Accepted accepted) {
            return accepted.request();
        }
        throw new IllegalArgumentException("not a valid request: " + decoded + " in " + document);
    }

    static Map<String, String> payer(String name) {
        return Map.of("name", name, "address", "1 Main Street", "taxId", "TAX-" + name);
    }

    static String signUp(String requestId, String accountId, String kind, String currency) {
        Map<String, Object> billing = new LinkedHashMap<>();
        billing.put("kind", kind);
        billing.put("currency", currency);
        billing.put("payer", payer("Payer of " + accountId));
        return document(
                requestId,
                accountId,
                "account.create",
                Map.of("displayName", "Account " + accountId, "billingAccount", billing));
    }

    static String billingCreate(
            String requestId, String accountId, String kind, String currency, String creditLimit) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("displayName", "Billing " + requestId);
        payload.put("kind", kind);
        payload.put("currency", currency);
        payload.put("payer", payer("Payer " + requestId));
        if (creditLimit != null) {
            payload.put("creditLimit", creditLimit);
        }
        return document(requestId, accountId, "billing-account.create", payload);
    }

    static String credit(
            String requestId, String accountId, String billingId, String amount, String currency) {
        return document(
                requestId,
                accountId,
                "billing-account.credit",
                Map.of("billingAccountId", billingId, "amount", amount, "currency", currency));
    }

    static String billingDelete(String requestId, String accountId, String billingId) {
        return document(
                requestId,
                accountId,
                "billing-account.delete",
                Map.of("billingAccountId", billingId));
    }

    static String projectCreate(String requestId, String accountId, String billingId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("displayName", "Project " + requestId);
        if (billingId != null) {
            payload.put("billingAccountId", billingId);
        }
        return document(requestId, accountId, "project.create", payload);
    }

    static String link(String requestId, String accountId, String projectId, String billingId) {
        return document(
                requestId,
                accountId,
                "project.link-billing-account",
                Map.of("projectId", projectId, "billingAccountId", billingId));
    }

    static String projectDelete(
            String requestId, String accountId, String projectId, boolean cascade) {
        return document(
                requestId,
                accountId,
                "project.delete",
                Map.of("projectId", projectId, "cascade", cascade));
    }

    static String subprojectCreate(
            String requestId, String accountId, String parentId, String externalRef) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("parentProjectId", parentId);
        payload.put("displayName", "Client " + requestId);
        if (externalRef != null) {
            payload.put("externalRef", externalRef);
        }
        return document(requestId, accountId, "subproject.create", payload);
    }

    static String subprojectDelete(String requestId, String accountId, String subprojectId) {
        return document(
                requestId, accountId, "subproject.delete", Map.of("subprojectId", subprojectId));
    }

    /**
     * Writes a usage record; {@code target} is a projectId or subprojectId, chosen by its prefix.
     */
    static String usage(
            String requestId,
            String accountId,
            String usageId,
            String target,
            String amount,
            String currency) {
        String targetField = target.startsWith("sub-") ? "subprojectId" : "projectId";
        return document(
                requestId,
                accountId,
                "usage.record",
                Map.of(
                        "usageId",
                        usageId,
                        targetField,
                        target,
                        "amount",
                        amount,
                        "currency",
                        currency,
                        "quantity",
                        3,
                        "product",
                        "sms.outbound"));
    }
}
