package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.account.EntityIds;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Names another account's entities in every request type that takes an entity id. Each gets the
 * result that an id that does not exist gets, and the other account's state stays as it was.
 */
class TenantIsolationIT {
    private static final String OWNER = "acc-owner";
    private static final String INTRUDER = "acc-intruder";
    private static final String MASK = "<id>";

    private WorkerHarness harness;

    @BeforeEach
    void startWorker() throws Exception {
        harness = new WorkerHarness().startWorker();
    }

    @AfterEach
    void stopWorker() throws Exception {
        harness.close();
    }

    @Test
    void foreignEntity_rejectedAsMissingOne() {
        String ownerBilling = EntityIds.billingAccount(OWNER, "owner-signup");
        String ownerProject = EntityIds.project(OWNER, "owner-signup");
        String ownerSubproject = EntityIds.subproject(OWNER, "owner-sub");
        String intruderBilling = EntityIds.billingAccount(INTRUDER, "intruder-signup");
        String intruderProject = EntityIds.project(INTRUDER, "intruder-signup");
        harness.send(OWNER, TestRequests.signUp("owner-signup", OWNER, "PREPAID", "EUR"));
        harness.send(
                OWNER,
                TestRequests.subprojectCreate("owner-sub", OWNER, ownerProject, "Client", "c-1"));
        harness.send(OWNER, TestRequests.credit("owner-credit", OWNER, ownerBilling, "50", "EUR"));
        harness.send(INTRUDER, TestRequests.signUp("intruder-signup", INTRUDER, "PREPAID", "EUR"));
        harness.flush();
        harness.awaitResults(4, Duration.ofSeconds(30));
        Map<String, Object> ownerBefore = ownerState();

        Map<String, Probe> probes = probes(intruderBilling, intruderProject);
        for (Probe probe : probes.values()) {
            harness.send(
                    INTRUDER,
                    probe.request(
                            probe.foreignId(ownerBilling, ownerProject, ownerSubproject),
                            "foreign"));
            harness.send(INTRUDER, probe.request(probe.missingId(), "missing"));
        }
        harness.flush();
        Map<String, ProvisioningResult> results = new HashMap<>();
        harness.awaitResults(4 + 2 * probes.size(), Duration.ofSeconds(30))
                .forEach(r -> results.put(harness.decode(r).requestId(), harness.decode(r)));

        for (var entry : probes.entrySet()) {
            Probe probe = entry.getValue();
            String foreignId = probe.foreignId(ownerBilling, ownerProject, ownerSubproject);
            ProvisioningResult foreign = results.get(entry.getKey() + "-foreign");
            ProvisioningResult missing = results.get(entry.getKey() + "-missing");
            assertThat(foreign.status()).as(entry.getKey()).isEqualTo(ResultStatus.REJECTED);
            assertThat(foreign.code()).as(entry.getKey()).isEqualTo(ResultCode.NOT_FOUND);
            assertThat(foreign.code()).as(entry.getKey()).isEqualTo(missing.code());
            assertThat(foreign.reason()).as(entry.getKey()).isEqualTo(missing.reason());
            assertThat(foreign.message().replace(foreignId, MASK))
                    .as(entry.getKey())
                    .isEqualTo(missing.message().replace(probe.missingId(), MASK));
            assertThat(foreign.message()).as(entry.getKey()).doesNotContain(OWNER);
            assertThat(foreign.resource()).as(entry.getKey()).isNull();
        }
        assertThat(ownerState()).isEqualTo(ownerBefore);
    }

    /** Returns one probe per request type and entity field, by a name used in the requestId. */
    private static Map<String, Probe> probes(String intruderBilling, String intruderProject) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put(
                "ba-update",
                new Probe(
                        "billing-account.update",
                        Kind.BILLING,
                        "{\"billingAccountId\":\"%s\",\"displayName\":\"Taken\"}"));
        probes.put(
                "ba-credit",
                new Probe(
                        "billing-account.credit",
                        Kind.BILLING,
                        "{\"billingAccountId\":\"%s\",\"amount\":\"1.00\",\"currency\":\"EUR\"}"));
        probes.put(
                "ba-delete",
                new Probe("billing-account.delete", Kind.BILLING, "{\"billingAccountId\":\"%s\"}"));
        probes.put(
                "prj-create",
                new Probe(
                        "project.create",
                        Kind.BILLING,
                        "{\"displayName\":\"Stolen\",\"billingAccountId\":\"%s\"}"));
        probes.put(
                "prj-update",
                new Probe(
                        "project.update",
                        Kind.PROJECT,
                        "{\"projectId\":\"%s\",\"displayName\":\"Taken\"}"));
        probes.put(
                "prj-link-project",
                new Probe(
                        "project.link-billing-account",
                        Kind.PROJECT,
                        "{\"projectId\":\"%s\",\"billingAccountId\":\"" + intruderBilling + "\"}"));
        probes.put(
                "prj-link-billing",
                new Probe(
                        "project.link-billing-account",
                        Kind.BILLING,
                        "{\"projectId\":\"" + intruderProject + "\",\"billingAccountId\":\"%s\"}"));
        probes.put(
                "prj-delete",
                new Probe(
                        "project.delete", Kind.PROJECT, "{\"projectId\":\"%s\",\"cascade\":true}"));
        probes.put(
                "sub-create",
                new Probe(
                        "subproject.create",
                        Kind.PROJECT,
                        "{\"parentProjectId\":\"%s\",\"displayName\":\"Stolen\"}"));
        probes.put(
                "sub-update",
                new Probe(
                        "subproject.update",
                        Kind.SUBPROJECT,
                        "{\"subprojectId\":\"%s\",\"displayName\":\"Taken\"}"));
        probes.put(
                "sub-delete",
                new Probe("subproject.delete", Kind.SUBPROJECT, "{\"subprojectId\":\"%s\"}"));
        probes.put(
                "usage-project",
                new Probe(
                        "usage.record",
                        Kind.PROJECT,
                        "{\"usageId\":\"u-prj\",\"projectId\":\"%s\",\"amount\":\"1.00\","
                                + "\"currency\":\"EUR\"}"));
        probes.put(
                "usage-subproject",
                new Probe(
                        "usage.record",
                        Kind.SUBPROJECT,
                        "{\"usageId\":\"u-sub\",\"subprojectId\":\"%s\",\"amount\":\"1.00\","
                                + "\"currency\":\"EUR\"}"));
        probes.replaceAll((name, probe) -> probe.named(name));
        return probes;
    }

    /** Reads every key of the owner account that a request could change. */
    private Map<String, Object> ownerState() {
        RedisCommands<String, String> redis = harness.redis.sync();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("entities", redis.hgetall(harness.key(OWNER, "entities")));
        state.put("money", redis.hgetall(harness.key(OWNER, "money")));
        state.put("external-refs", redis.hgetall(harness.key(OWNER, "external-refs")));
        for (String index : List.of("projects", "billing-accounts", "subprojects", "links")) {
            state.put(index, redis.zrangeWithScores(harness.key(OWNER, index), 0, -1));
        }
        return state;
    }

    private enum Kind {
        BILLING,
        PROJECT,
        SUBPROJECT
    }

    /** One request type with a payload template whose %s is the entity id under test. */
    private record Probe(String type, Kind kind, String payloadTemplate, String name) {
        Probe(String type, Kind kind, String payloadTemplate) {
            this(type, kind, payloadTemplate, "");
        }

        Probe named(String newName) {
            return new Probe(type, kind, payloadTemplate, newName);
        }

        String foreignId(String billing, String project, String subproject) {
            return switch (kind) {
                case BILLING -> billing;
                case PROJECT -> project;
                case SUBPROJECT -> subproject;
            };
        }

        String missingId() {
            return switch (kind) {
                case BILLING -> "ba-does-not-exist";
                case PROJECT -> "prj-does-not-exist";
                case SUBPROJECT -> "sub-does-not-exist";
            };
        }

        String request(String entityId, String variant) {
            return """
                    {"specVersion":"1","requestId":"%s-%s","accountId":"%s","type":"%s",\
                    "issuedAt":"2026-12-04T10:00:00Z","payload":%s}\
                    """
                    .formatted(name, variant, INTRUDER, type, payloadTemplate.formatted(entityId));
        }
    }
}
