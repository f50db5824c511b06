package dev.provisioning.contracts.payload;

import static dev.provisioning.contracts.Decoding.accepted;
import static dev.provisioning.contracts.Decoding.decode;
import static dev.provisioning.contracts.Edit.remove;
import static dev.provisioning.contracts.Edit.setText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioning.contracts.Edit;
import dev.provisioning.contracts.RequestType;
import dev.provisioning.contracts.Samples;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks that each valid sample decodes into the payload record values it carries. */
class PayloadValuesTest {

    @Test
    void accountCreate_sample_readsEveryField() {
        AccountCreate payload = payload(RequestType.ACCOUNT_CREATE, AccountCreate.class);

        assertThat(payload.displayName()).isEqualTo("Relaywave Messaging Ltd");
        assertThat(payload.billingAccount().displayName()).isEqualTo("Relaywave main (EUR)");
        assertThat(payload.billingAccount().kind()).isEqualTo(BillingKind.POSTPAID);
        assertThat(payload.billingAccount().currency()).isEqualTo("EUR");
        assertThat(payload.billingAccount().creditLimitMicros()).isEqualTo(5_000_000_000L);
        assertThat(payload.billingAccount().payer().name()).isEqualTo("Relaywave Messaging Ltd");
        assertThat(payload.billingAccount().payer().taxId()).isEqualTo("IE6388047V");
        assertThat(payload.projectDisplayName()).isEqualTo("ASP clients EU");
    }

    @Test
    void accountCreate_withoutProject_defaultProjectName() {
        AccountCreate payload =
                payload(RequestType.ACCOUNT_CREATE, AccountCreate.class, remove("payload.project"));

        assertThat(payload.projectDisplayName()).isEqualTo(AccountCreate.DEFAULT_PROJECT_NAME);
    }

    @Test
    void accountCreate_withoutBillingName_nullBillingName() {
        AccountCreate payload =
                payload(
                        RequestType.ACCOUNT_CREATE,
                        AccountCreate.class,
                        remove("payload.billingAccount.displayName"));

        assertThat(payload.billingAccount().displayName()).isNull();
    }

    @Test
    void billingAccountCreate_sample_noCreditLimit() {
        BillingAccountCreate payload =
                payload(RequestType.BILLING_ACCOUNT_CREATE, BillingAccountCreate.class);

        assertThat(payload.billingAccount().kind()).isEqualTo(BillingKind.PREPAID);
        assertThat(payload.billingAccount().currency()).isEqualTo("USD");
        assertThat(payload.billingAccount().creditLimitMicros()).isEqualTo(-1L);
    }

    @Test
    void billingAccountUpdate_sample_readsEveryField() {
        BillingAccountUpdate payload =
                payload(RequestType.BILLING_ACCOUNT_UPDATE, BillingAccountUpdate.class);

        assertThat(payload.billingAccountId()).isEqualTo("ba-5d1e0c7a93f2");
        assertThat(payload.displayName()).isEqualTo("Relaywave main (EUR, invoiced monthly)");
        assertThat(payload.payer().address()).startsWith("3 Grand Canal Square");
        assertThat(payload.creditLimitMicros()).isEqualTo(7_500_000_000L);
    }

    @Test
    void billingAccountUpdate_onlyCreditLimit_keepsOthersNull() {
        BillingAccountUpdate payload =
                payload(
                        RequestType.BILLING_ACCOUNT_UPDATE,
                        BillingAccountUpdate.class,
                        remove("payload.displayName"),
                        remove("payload.payer"));

        assertThat(payload.displayName()).isNull();
        assertThat(payload.payer()).isNull();
    }

    @Test
    void billingAccountCredit_sample_amountInMicros() {
        BillingAccountCredit payload =
                payload(RequestType.BILLING_ACCOUNT_CREDIT, BillingAccountCredit.class);

        assertThat(payload.billingAccountId()).isEqualTo("ba-8b47f2e6c015");
        assertThat(payload.amountMicros()).isEqualTo(250_000_000L);
        assertThat(payload.currency()).isEqualTo("USD");
    }

    @Test
    void billingAccountDelete_sample_readsId() {
        BillingAccountDelete payload =
                payload(RequestType.BILLING_ACCOUNT_DELETE, BillingAccountDelete.class);

        assertThat(payload.billingAccountId()).isEqualTo("ba-c3a90d1f6e48");
    }

    @Test
    void projectCreate_sample_labelsInDocumentOrder() {
        ProjectCreate payload = payload(RequestType.PROJECT_CREATE, ProjectCreate.class);

        assertThat(payload.displayName()).isEqualTo("ASP clients US");
        assertThat(payload.billingAccountId()).isEqualTo("ba-8b47f2e6c015");
        assertThat(payload.labels())
                .containsExactly(Map.entry("region", "us"), Map.entry("team", "onboarding"));
    }

    @Test
    void projectCreate_labels_unmodifiable() {
        ProjectCreate payload = payload(RequestType.PROJECT_CREATE, ProjectCreate.class);

        assertThatThrownBy(() -> payload.labels().put("env", "test"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void projectCreate_withoutBillingAccount_nullId() {
        ProjectCreate payload =
                payload(
                        RequestType.PROJECT_CREATE,
                        ProjectCreate.class,
                        remove("payload.billingAccountId"));

        assertThat(payload.billingAccountId()).isNull();
    }

    @Test
    void projectUpdate_sample_readsEveryField() {
        ProjectUpdate payload = payload(RequestType.PROJECT_UPDATE, ProjectUpdate.class);

        assertThat(payload.projectId()).isEqualTo("prj-2f6a9e04b7d1");
        assertThat(payload.displayName()).isEqualTo("ASP clients EU (production)");
        assertThat(payload.labels()).containsEntry("env", "production");
    }

    @Test
    void projectLinkBillingAccount_sample_readsBothIds() {
        ProjectLinkBillingAccount payload =
                payload(RequestType.PROJECT_LINK_BILLING_ACCOUNT, ProjectLinkBillingAccount.class);

        assertThat(payload.projectId()).isEqualTo("prj-2f6a9e04b7d1");
        assertThat(payload.billingAccountId()).isEqualTo("ba-8b47f2e6c015");
    }

    @Test
    void projectDelete_sample_cascades() {
        ProjectDelete payload = payload(RequestType.PROJECT_DELETE, ProjectDelete.class);

        assertThat(payload.cascade()).isTrue();
    }

    @Test
    void projectDelete_withoutCascade_doesNotCascade() {
        ProjectDelete payload =
                payload(RequestType.PROJECT_DELETE, ProjectDelete.class, remove("payload.cascade"));

        assertThat(payload.cascade()).isFalse();
    }

    @Test
    void subprojectCreate_sample_readsEveryField() {
        SubprojectCreate payload = payload(RequestType.SUBPROJECT_CREATE, SubprojectCreate.class);

        assertThat(payload.parentProjectId()).isEqualTo("prj-2f6a9e04b7d1");
        assertThat(payload.displayName()).isEqualTo("Client 1042");
        assertThat(payload.externalRef()).isEqualTo("client-1042");
        assertThat(payload.labels()).containsExactly(Map.entry("tier", "gold"));
    }

    @Test
    void subprojectCreate_nullOptionals_readAsAbsent() {
        SubprojectCreate payload =
                payload(
                        RequestType.SUBPROJECT_CREATE,
                        SubprojectCreate.class,
                        Edit.set("payload.externalRef", "null"),
                        Edit.set("payload.labels", "null"));

        assertThat(payload.externalRef()).isNull();
        assertThat(payload.labels()).isNull();
    }

    @Test
    void subprojectUpdate_sample_readsEveryField() {
        SubprojectUpdate payload = payload(RequestType.SUBPROJECT_UPDATE, SubprojectUpdate.class);

        assertThat(payload.subprojectId()).isEqualTo("sub-6e2b8f41c09a");
        assertThat(payload.displayName()).isEqualTo("Client 1042 (Lisbon office)");
        assertThat(payload.labels()).containsEntry("city", "Lisbon");
    }

    @Test
    void subprojectDelete_sample_readsId() {
        SubprojectDelete payload = payload(RequestType.SUBPROJECT_DELETE, SubprojectDelete.class);

        assertThat(payload.subprojectId()).isEqualTo("sub-0a7d95c3e6f1");
    }

    @Test
    void usageRecord_sample_readsEveryField() {
        UsageRecord payload = payload(RequestType.USAGE_RECORD, UsageRecord.class);

        assertThat(payload.usageId()).isEqualTo("sms-out-20261204T1000-000981");
        assertThat(payload.subprojectId()).isEqualTo("sub-6e2b8f41c09a");
        assertThat(payload.projectId()).isNull();
        assertThat(payload.amountMicros()).isEqualTo(42_500L);
        assertThat(payload.currency()).isEqualTo("EUR");
        assertThat(payload.quantity()).isEqualTo(5L);
        assertThat(payload.product()).isEqualTo("sms.outbound");
    }

    @Test
    void usageRecord_withoutQuantity_quantityOne() {
        UsageRecord payload =
                payload(RequestType.USAGE_RECORD, UsageRecord.class, remove("payload.quantity"));

        assertThat(payload.quantity()).isEqualTo(1L);
    }

    @Test
    void usageRecord_projectInsteadOfSubproject_readsProjectId() {
        UsageRecord payload =
                payload(
                        RequestType.USAGE_RECORD,
                        UsageRecord.class,
                        remove("payload.subprojectId"),
                        setText("payload.projectId", "prj-2f6a9e04b7d1"));

        assertThat(payload.projectId()).isEqualTo("prj-2f6a9e04b7d1");
        assertThat(payload.subprojectId()).isNull();
    }

    @Test
    void payer_toString_masksAddressAndTaxId() {
        AccountCreate payload = payload(RequestType.ACCOUNT_CREATE, AccountCreate.class);

        String text = payload.billingAccount().payer().toString();

        assertThat(text).doesNotContain("Harbour Road", "IE6388047V");
    }

    private static <P extends RequestPayload> P payload(
            RequestType type, Class<P> payloadType, Edit... edits) {
        RequestPayload payload = accepted(decode(Samples.editedRequest(type, edits))).payload();
        assertThat(payload).isInstanceOf(payloadType);
        return payloadType.cast(payload);
    }
}
