package dev.provisioning.worker.provisioning;

/** Request documents for tests, written as a producer in any language would write them. */
public final class TestRequests {
    private TestRequests() {}

    public static String signUp(String requestId, String accountId, String kind, String currency) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"account.create",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"displayName":"ASP %s",\
                "billingAccount":{"kind":"%s","currency":"%s","payer":{"name":"ASP Ltd",\
                "address":"1 Main Street","taxId":"TAX-1"}},"project":{"displayName":"Clients"}}}
                """
                .formatted(requestId, accountId, accountId, kind, currency)
                .strip();
    }

    public static String subprojectCreate(
            String requestId, String accountId, String parentProjectId, String name, String ref) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"subproject.create",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"parentProjectId":"%s",\
                "displayName":"%s","externalRef":"%s","labels":{"tier":"gold"}}}
                """
                .formatted(requestId, accountId, parentProjectId, name, ref)
                .strip();
    }

    public static String credit(
            String requestId, String accountId, String billingId, String amount, String currency) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"billing-account.credit",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"billingAccountId":"%s",\
                "amount":"%s","currency":"%s"}}
                """
                .formatted(requestId, accountId, billingId, amount, currency)
                .strip();
    }

    public static String usage(
            String requestId,
            String accountId,
            String subprojectId,
            String amount,
            String currency) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"usage.record",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"usageId":"%s",\
                "subprojectId":"%s","amount":"%s","currency":"%s","quantity":1,\
                "product":"sms.outbound"}}
                """
                .formatted(requestId, accountId, requestId, subprojectId, amount, currency)
                .strip();
    }

    public static String projectRename(
            String requestId, String accountId, String projectId, String name) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"project.update",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"projectId":"%s",\
                "displayName":"%s"}}
                """
                .formatted(requestId, accountId, projectId, name)
                .strip();
    }

    public static String signUpPostpaid(
            String requestId, String accountId, String currency, String creditLimit) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"account.create",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"displayName":"ASP %s",\
                "billingAccount":{"kind":"POSTPAID","currency":"%s","payer":{"name":"ASP Ltd",\
                "address":"1 Main Street","taxId":"TAX-1"},"creditLimit":"%s"},\
                "project":{"displayName":"Clients"}}}
                """
                .formatted(requestId, accountId, accountId, currency, creditLimit)
                .strip();
    }

    public static String billingAccountCreate(
            String requestId, String accountId, String kind, String currency) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s",\
                "type":"billing-account.create","issuedAt":"2026-12-04T10:00:00Z",\
                "payload":{"displayName":"Second","kind":"%s","currency":"%s",\
                "payer":{"name":"ASP Ltd","address":"1 Main Street","taxId":"TAX-1"}}}
                """
                .formatted(requestId, accountId, kind, currency)
                .strip();
    }

    public static String linkBillingAccount(
            String requestId, String accountId, String projectId, String billingAccountId) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s",\
                "type":"project.link-billing-account","issuedAt":"2026-12-04T10:00:00Z",\
                "payload":{"projectId":"%s","billingAccountId":"%s"}}
                """
                .formatted(requestId, accountId, projectId, billingAccountId)
                .strip();
    }

    public static String subprojectDelete(String requestId, String accountId, String subprojectId) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"subproject.delete",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"subprojectId":"%s"}}
                """
                .formatted(requestId, accountId, subprojectId)
                .strip();
    }

    public static String projectUsage(
            String requestId, String accountId, String projectId, String amount, String currency) {
        return """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"usage.record",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"usageId":"%s",\
                "projectId":"%s","amount":"%s","currency":"%s"}}
                """
                .formatted(requestId, accountId, requestId, projectId, amount, currency)
                .strip();
    }
}
