package dev.provisioning.worker.account;

/**
 * Request documents for the store tests, written as a producer in any language would write them.
 * Payloads are written with single quotes, which {@link #request} turns into double quotes, so
 * tables of cases stay readable.
 */
final class Requests {
    static final String PAYER = "'payer':{'name':'ASP Ltd','address':'1 Main St','taxId':'T-1'}";

    private Requests() {}

    static String request(String requestId, String accountId, String type, String payload) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"%s",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":%s}"""
                .formatted(requestId, accountId, type, payload.replace('\'', '"'));
    }

    static String signUp(String requestId, String accountId, String kind, String currency) {
        String payload =
                "{'displayName':'ASP','billingAccount':{'kind':'%s','currency':'%s',%s},"
                                .formatted(kind, currency, PAYER)
                        + "'project':{'displayName':'Clients'}}";
        return request(requestId, accountId, "account.create", payload);
    }

    static String credit(String requestId, String accountId, String billingId, String amount) {
        return request(
                requestId,
                accountId,
                "billing-account.credit",
                "{'billingAccountId':'%s','amount':'%s','currency':'EUR'}"
                        .formatted(billingId, amount));
    }

    /** Usage with usageId equal to the requestId, charged in EUR to a project or subproject. */
    static String usage(String requestId, String accountId, String target, String amount) {
        String field = target.startsWith("sub-") ? "subprojectId" : "projectId";
        return request(
                requestId,
                accountId,
                "usage.record",
                "{'usageId':'%s','%s':'%s','amount':'%s','currency':'EUR'}"
                        .formatted(requestId, field, target, amount));
    }
}
