package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.RequestType;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.contracts.Schemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validates the documents the worker publishes against the contract's JSON Schemas: the result of
 * every step of every conformance scenario, each changelog value and each usage charge.
 *
 * <p>The scenarios run on {@link InMemoryAccountStore} only, because the store conformance
 * integration test requires the Redis apply script to give the same resource and changelog JSON at
 * every step. Results are written with {@link ResultCodec#encode(ProvisioningResult, String)}, as
 * the worker writes them before publishing.
 */
class PublishedDocumentSchemaTest {
    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");
    private static final ResultCodec CODEC = new ResultCodec();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One applied request and what the worker would publish for it. */
    private record Published(
            String where, ProvisioningRequest request, StoreOutcome outcome, String resultJson) {

        boolean isCharge() {
            return request.type() == RequestType.USAGE_RECORD
                    && outcome.status() == ResultStatus.SUCCEEDED;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.provisioning.worker.account.ConformanceScenarios#all")
    void scenario_everyResult_validAgainstResultSchema(String name, List<String> documents) {
        List<String> errors = new ArrayList<>();

        for (Published published : publish(name, documents)) {
            collect(errors, published.where(), Schemas.RESULT, published.resultJson());
        }

        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.provisioning.worker.account.ConformanceScenarios#all")
    void scenario_everyChangelogValue_validAgainstChangelogSchema(
            String name, List<String> documents) {
        List<String> errors = new ArrayList<>();

        for (Published published : publish(name, documents)) {
            for (ChangelogEntry entry : published.outcome().changelog()) {
                String where = published.where() + ", changelog " + entry.entityId();
                assertThat(entry.stateJson()).as(where).isNotEmpty();
                collect(errors, where, Schemas.CHANGELOG, entry.stateJson());
            }
        }

        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.provisioning.worker.account.ConformanceScenarios#all")
    void scenario_everyCharge_validAgainstChargeSchema(String name, List<String> documents) {
        List<String> errors = new ArrayList<>();

        for (Published published : publish(name, documents)) {
            if (published.isCharge()) {
                String resource = published.outcome().resourceJson();
                collect(errors, published.where(), Schemas.CHARGE, resource);
            }
        }

        assertThat(errors).isEmpty();
    }

    /**
     * Guards the tests above against passing on too little: the scenarios must publish every
     * resource shape that the schemas describe.
     */
    @Test
    void scenarios_together_publishEveryResourceShape() {
        Map<String, Integer> shapes = new HashMap<>();

        for (Arguments scenario : ConformanceScenarios.all().toList()) {
            String name = (String) scenario.get()[0];
            @SuppressWarnings("unchecked")
            List<String> documents = (List<String>) scenario.get()[1];
            for (Published published : publish(name, documents)) {
                countShapes(shapes, published);
            }
        }

        assertThat(shapes).containsKeys("result", "charge");
        assertThat(shapes)
                .containsKeys(
                        "changelog account",
                        "changelog billingAccount",
                        "changelog project",
                        "changelog subproject");
        assertThat(shapes)
                .containsKeys(
                        "resource ACCOUNT_EXISTS",
                        "resource EXTERNAL_REF_TAKEN",
                        "resource BILLING_ACCOUNT_IN_USE");
        assertThat(shapes).containsKeys("usage totals", "cascade with subprojects");
    }

    private static void countShapes(Map<String, Integer> shapes, Published published) {
        StoreOutcome outcome = published.outcome();
        shapes.merge("result", 1, Integer::sum);
        if (published.isCharge()) {
            shapes.merge("charge", 1, Integer::sum);
        }
        if (outcome.reason() != null && outcome.resourceJson() != null) {
            shapes.merge("resource " + outcome.reason(), 1, Integer::sum);
        }
        if (outcome.resourceJson() != null) {
            JsonNode resource = tree(outcome.resourceJson());
            if (resource.path("deletedSubprojectCount").asInt() > 0) {
                shapes.merge("cascade with subprojects", 1, Integer::sum);
            }
        }
        for (ChangelogEntry entry : outcome.changelog()) {
            JsonNode state = tree(entry.stateJson());
            shapes.merge("changelog " + state.path("entityType").asText(), 1, Integer::sum);
            if (state.has("usage")) {
                shapes.merge("usage totals", 1, Integer::sum);
            }
        }
    }

    /** Applies the documents in order to a new store, one second apart. */
    private static List<Published> publish(String name, List<String> documents) {
        InMemoryAccountStore store = new InMemoryAccountStore(ConformanceScenarios.LIMITS);
        List<Published> published = new ArrayList<>(documents.size());

        for (int step = 0; step < documents.size(); step++) {
            String document = documents.get(step);
            ProvisioningRequest request = RequestDocuments.decode(document);
            StoreOutcome outcome = store.apply(request, START.plusSeconds(step), null).result();
            String where = name + ", step " + step + " (" + request.requestId() + ")";
            published.add(new Published(where, request, outcome, resultJson(request, outcome)));
        }
        return published;
    }

    /** Writes the result value the worker publishes for a decided request. */
    private static String resultJson(ProvisioningRequest request, StoreOutcome outcome) {
        ProvisioningResult result =
                new ProvisioningResult(
                        ProvisioningRequest.SPEC_VERSION,
                        request.requestId(),
                        request.accountId(),
                        request.type().wireName(),
                        outcome.status(),
                        outcome.code(),
                        outcome.reason(),
                        outcome.message(),
                        List.of(),
                        null,
                        Instant.parse(outcome.processedAt()));
        byte[] value = CODEC.encode(result, outcome.resourceJson());
        return new String(value, StandardCharsets.UTF_8);
    }

    private static void collect(List<String> errors, String where, String schemaName, String json) {
        for (String error : ContractSchemas.errors(schemaName, json)) {
            errors.add(where + " against " + schemaName + ": " + error + "\n  in " + json);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
