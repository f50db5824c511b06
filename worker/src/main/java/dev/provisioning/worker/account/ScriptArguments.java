package dev.provisioning.worker.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.payload.AccountCreate;
import dev.provisioning.contracts.payload.BillingAccountCreate;
import dev.provisioning.contracts.payload.BillingAccountCredit;
import dev.provisioning.contracts.payload.BillingAccountDelete;
import dev.provisioning.contracts.payload.BillingAccountUpdate;
import dev.provisioning.contracts.payload.NewBillingAccount;
import dev.provisioning.contracts.payload.Payer;
import dev.provisioning.contracts.payload.ProjectCreate;
import dev.provisioning.contracts.payload.ProjectDelete;
import dev.provisioning.contracts.payload.ProjectLinkBillingAccount;
import dev.provisioning.contracts.payload.ProjectUpdate;
import dev.provisioning.contracts.payload.SubprojectCreate;
import dev.provisioning.contracts.payload.SubprojectDelete;
import dev.provisioning.contracts.payload.SubprojectUpdate;
import dev.provisioning.contracts.payload.UsageRecord;
import dev.provisioning.worker.billing.BillingRoute;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the ARGV array of the apply script for one request: eight common arguments, then the
 * type's own, in the order documented at each handler of {@code apply-request.lua}. Absent optional
 * values are passed as empty strings.
 */
public final class ScriptArguments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptArguments() {}

    /**
     * @param hint the cached billing route of a usage record, or null; the script verifies it
     */
    public static String[] of(
            ProvisioningRequest request, Instant now, Limits limits, BillingRoute hint) {
        List<String> args = new ArrayList<>(24);
        args.add(request.type().wireName());
        args.add(request.fingerprint());
        args.add(now.toString());
        args.add(Long.toString(Math.max(1, limits.requestRetention().toSeconds())));
        args.add(Integer.toString(limits.maxBillingAccounts()));
        args.add(Integer.toString(limits.maxProjects()));
        args.add(Integer.toString(limits.maxSubprojectsPerProject()));
        args.add(request.accountId());
        addTypeArguments(args, request);
        if (request.payload() instanceof UsageRecord) {
            addHint(args, hint);
        }
        return args.toArray(String[]::new);
    }

    /** Returns the usageId of a usage record, which names the usage key, or null. */
    public static String usageId(ProvisioningRequest request) {
        return request.payload() instanceof UsageRecord usage ? usage.usageId() : null;
    }

    private static void addTypeArguments(List<String> args, ProvisioningRequest request) {
        String accountId = request.accountId();
        String requestId = request.requestId();
        switch (request.payload()) {
            case AccountCreate p -> {
                args.add(p.displayName());
                args.add(EntityIds.billingAccount(accountId, requestId));
                addBillingAccount(args, p.billingAccount());
                args.add(EntityIds.project(accountId, requestId));
                args.add(p.projectDisplayName());
            }
            case BillingAccountCreate p -> {
                args.add(EntityIds.billingAccount(accountId, requestId));
                addBillingAccount(args, p.billingAccount());
            }
            case BillingAccountUpdate p -> {
                args.add(p.billingAccountId());
                args.add(orEmpty(p.displayName()));
                args.add(p.payer() == null ? "0" : "1");
                addPayer(args, p.payer());
                args.add(micros(p.creditLimitMicros()));
            }
            case BillingAccountCredit p -> {
                args.add(p.billingAccountId());
                args.add(Long.toString(p.amountMicros()));
                args.add(p.currency());
            }
            case BillingAccountDelete p -> args.add(p.billingAccountId());
            case ProjectCreate p -> {
                args.add(EntityIds.project(accountId, requestId));
                args.add(p.displayName());
                args.add(orEmpty(p.billingAccountId()));
                args.add(labels(p.labels()));
            }
            case ProjectUpdate p -> {
                args.add(p.projectId());
                args.add(orEmpty(p.displayName()));
                args.add(labels(p.labels()));
            }
            case ProjectLinkBillingAccount p -> {
                args.add(p.projectId());
                args.add(p.billingAccountId());
            }
            case ProjectDelete p -> {
                args.add(p.projectId());
                args.add(p.cascade() ? "1" : "0");
            }
            case SubprojectCreate p -> {
                args.add(EntityIds.subproject(accountId, requestId));
                args.add(p.parentProjectId());
                args.add(p.displayName());
                args.add(orEmpty(p.externalRef()));
                args.add(labels(p.labels()));
            }
            case SubprojectUpdate p -> {
                args.add(p.subprojectId());
                args.add(orEmpty(p.displayName()));
                args.add(labels(p.labels()));
            }
            case SubprojectDelete p -> args.add(p.subprojectId());
            case UsageRecord p -> {
                args.add(p.usageId());
                args.add(orEmpty(p.projectId()));
                args.add(orEmpty(p.subprojectId()));
                args.add(Long.toString(p.amountMicros()));
                args.add(p.currency());
                args.add(Long.toString(p.quantity()));
                args.add(orEmpty(p.product()));
                args.add(requestId);
            }
        }
    }

    private static void addHint(List<String> args, BillingRoute hint) {
        args.add(hint == null ? "" : hint.projectId());
        args.add(hint == null ? "" : hint.billingAccountId());
        args.add(hint == null ? "" : hint.currency());
        args.add(hint == null ? "" : hint.kind().name());
    }

    private static void addBillingAccount(List<String> args, NewBillingAccount billing) {
        args.add(orEmpty(billing.displayName()));
        args.add(billing.kind().name());
        args.add(billing.currency());
        addPayer(args, billing.payer());
        args.add(micros(billing.creditLimitMicros()));
    }

    private static void addPayer(List<String> args, Payer payer) {
        args.add(payer == null ? "" : payer.name());
        args.add(payer == null ? "" : payer.address());
        args.add(payer == null ? "" : payer.taxId());
    }

    private static String micros(long micros) {
        return micros < 0 ? "" : Long.toString(micros);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String labels(Map<String, String> labels) {
        if (labels == null) {
            return "";
        }
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings could not be written as JSON", e);
        }
    }
}
