package dev.provisioning.contracts;

import static dev.provisioning.contracts.Edit.remove;
import static dev.provisioning.contracts.Edit.set;
import static dev.provisioning.contracts.Edit.setText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.provisioning.contracts.payload.FieldRuleCase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validates the sample documents and the field rule tables against the JSON Schemas with an
 * independent validator, so that the schemas published for producers and the Java decoder accept
 * and reject the same documents.
 *
 * <p>The schemas are loaded from this module's classpath through {@link Schemas}; the validator may
 * read only those and its own bundled meta-schemas, never the network.
 */
class SchemaConformanceTest {
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(
                    SpecificationVersion.DRAFT_2020_12,
                    builder ->
                            builder.schemaRegistryConfig(
                                            SchemaRegistryConfig.builder()
                                                    .formatAssertionsEnabled(true)
                                                    .build())
                                    .schemas(SchemaConformanceTest::ownSchemaText)
                                    .schemaLoader(
                                            loader ->
                                                    loader.fetchRemoteResources(false)
                                                            .allow(
                                                                    iri ->
                                                                            isOwnOrMetaSchema(
                                                                                    iri
                                                                                            .toString()))));

    static Stream<String> schemaNames() {
        return Schemas.NAMES.stream();
    }

    static Stream<String> sampleResults() {
        return Samples.resultNames().stream();
    }

    @ParameterizedTest
    @MethodSource("schemaNames")
    void schema_everyFile_validAgainstMetaSchema(String name) {
        List<Error> errors =
                schema(META_SCHEMA)
                        .validate(ownSchemaText(Schemas.ID_BASE + name), InputFormat.JSON);

        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RequestType.class)
    void envelopeSchema_validSample_noErrors(RequestType type) {
        List<Error> errors = validate(Schemas.ENVELOPE, Samples.requestBytes(type));

        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RequestType.class)
    void payloadSchema_validSamplePayload_noErrors(RequestType type) {
        byte[] payload = Samples.toBytes(Samples.request(type).get("payload"));

        List<Error> errors = validate(Schemas.fileName(type), payload);

        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RequestType.class)
    void decoder_validSample_accepted(RequestType type) {
        DecodedRequest decoded = Decoding.decode(Samples.requestBytes(type));

        assertThat(decoded).isInstanceOf(DecodedRequest.Accepted.class);
    }

    @ParameterizedTest
    @MethodSource("sampleResults")
    void resultSchema_validSample_noErrors(String name) {
        List<Error> errors = validate(Schemas.RESULT, Samples.resultBytes(name));

        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.provisioning.contracts.payload.PayloadRuleCases#invalid")
    void schemaAndDecoder_brokenPayloadRule_bothReject(FieldRuleCase row) {
        byte[] document = Samples.toBytes(row.document());

        List<Error> errors = validate(Schemas.ENVELOPE, document);
        DecodedRequest decoded = Decoding.decode(document);

        assertThat(errors).isNotEmpty();
        assertThat(decoded).isNotInstanceOf(DecodedRequest.Accepted.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.provisioning.contracts.payload.PayloadRuleCases#invalid")
    void schema_brokenPayloadRule_errorsNameDecoderFields(FieldRuleCase row) {
        byte[] document = Samples.toBytes(row.document());

        List<Error> errors = validate(Schemas.ENVELOPE, document);

        assertThat(errors.stream().map(SchemaConformanceTest::fieldPath).distinct())
                .containsAll(row.violationFields());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.provisioning.contracts.payload.PayloadRuleCases#valid")
    void schemaAndDecoder_payloadAtEdgeOfRule_bothAccept(FieldRuleCase row) {
        byte[] document = Samples.toBytes(row.document());

        List<Error> errors = validate(Schemas.ENVELOPE, document);
        DecodedRequest decoded = Decoding.decode(document);

        assertThat(errors).isEmpty();
        assertThat(decoded).isInstanceOf(DecodedRequest.Accepted.class);
    }

    static Stream<List<Edit>> invalidEnvelopes() {
        return Stream.of(
                List.of(remove("requestId")),
                List.of(setText("requestId", "")),
                List.of(setText("requestId", "asp 7")),
                List.of(setText("requestId", "asp-7\n")),
                List.of(setText("requestId", Samples.letters(129))),
                List.of(set("requestId", "42")),
                List.of(remove("accountId")),
                List.of(setText("accountId", "acc/1")),
                List.of(setText("accountId", Samples.letters(129))),
                List.of(remove("type")),
                List.of(set("type", "7")),
                List.of(setText("type", "subproject.move")),
                List.of(setText("type", "SUBPROJECT_CREATE")),
                List.of(remove("specVersion")),
                List.of(setText("specVersion", "2")),
                List.of(set("specVersion", "1")),
                List.of(remove("issuedAt")),
                List.of(setText("issuedAt", "yesterday")),
                List.of(setText("issuedAt", "2026-12-04")),
                List.of(setText("issuedAt", "2026-12-04 10:00:00Z")),
                List.of(setText("issuedAt", "2026-12-04T10:00Z")),
                List.of(setText("issuedAt", "2026-12-04t10:00:00z")),
                List.of(setText("issuedAt", "2026-13-04T10:00:00Z")),
                List.of(setText("issuedAt", "2026-02-30T10:00:00Z")),
                List.of(setText("issuedAt", "2026-12-04T25:00:00Z")),
                List.of(setText("issuedAt", "2026-12-04T10:00:00+01:00:30")),
                List.of(set("issuedAt", "1796378400")),
                List.of(remove("payload")),
                List.of(set("payload", "[]")),
                List.of(setText("payload", "parentProjectId=prj-1")),
                List.of(setText("priority", "high")),
                List.of(
                        setText("type", "subproject.delete"),
                        set("payload", "{\"parentProjectId\":\"prj-1\"}")));
    }

    @ParameterizedTest
    @MethodSource("invalidEnvelopes")
    void schemaAndDecoder_brokenEnvelope_bothReject(List<Edit> edits) {
        byte[] document =
                Samples.toBytes(
                        Samples.editedRequest(
                                RequestType.SUBPROJECT_CREATE, edits.toArray(Edit[]::new)));

        List<Error> errors = validate(Schemas.ENVELOPE, document);
        DecodedRequest decoded = Decoding.decode(document);

        assertThat(errors).isNotEmpty();
        assertThat(decoded).isNotInstanceOf(DecodedRequest.Accepted.class);
    }

    static Stream<List<Edit>> validEnvelopes() {
        return Stream.of(
                List.of(setText("requestId", Samples.letters(128))),
                List.of(setText("accountId", Samples.letters(128))),
                List.of(setText("requestId", "asp.7_client:1042-A")),
                List.of(setText("issuedAt", "2026-12-04T10:00:00.123456789Z")),
                List.of(setText("issuedAt", "2026-12-04T12:00:00+02:00")),
                List.of(setText("issuedAt", "2026-12-04T05:00:00-05:00")));
    }

    @ParameterizedTest
    @MethodSource("validEnvelopes")
    void schemaAndDecoder_envelopeAtEdgeOfRule_bothAccept(List<Edit> edits) {
        byte[] document =
                Samples.toBytes(
                        Samples.editedRequest(
                                RequestType.SUBPROJECT_CREATE, edits.toArray(Edit[]::new)));

        List<Error> errors = validate(Schemas.ENVELOPE, document);
        DecodedRequest decoded = Decoding.decode(document);

        assertThat(errors).isEmpty();
        assertThat(decoded).isInstanceOf(DecodedRequest.Accepted.class);
    }

    record ResultEdit(String sample, List<Edit> edits) {
        @Override
        public String toString() {
            return sample + ": " + edits;
        }
    }

    static Stream<ResultEdit> invalidResults() {
        String created = "subproject.create-succeeded.json";
        String rejected = "subproject.create-field-violations.json";
        String signUp = "account.create-succeeded.json";
        String credit = "billing-account.credit-succeeded.json";
        String cascade = "project.delete-cascade-succeeded.json";
        String accountExists = "account.create-account-exists.json";
        String inUse = "billing-account.delete-in-use.json";
        String charged = "usage.record-succeeded.json";
        String payer = "{\"name\":\"Relaywave\",\"address\":\"1 Dock St\",\"taxId\":\"GB1\"}";
        String usage =
                "{\"currency\":\"USD\",\"amount\":\"1.00\",\"quantity\":\"1\",\"records\":\"1\"}";
        return Stream.of(
                new ResultEdit(created, List.of(setText("code", "NOT_FOUND"))),
                new ResultEdit(created, List.of(setText("reason", "FIELD_VIOLATIONS"))),
                new ResultEdit(created, List.of(setText("status", "DONE"))),
                new ResultEdit(created, List.of(setText("specVersion", "2"))),
                new ResultEdit(created, List.of(remove("processedAt"))),
                new ResultEdit(
                        created, List.of(setText("processedAt", "2026-12-04T11:00:00+01:00"))),
                new ResultEdit(created, List.of(setText("requestId", "asp 7"))),
                new ResultEdit(created, List.of(setText("workerId", "w-1"))),
                new ResultEdit(created, List.of(set("accountId", "null"))),
                new ResultEdit(created, List.of(remove("resource.subprojectId"))),
                new ResultEdit(created, List.of(setText("resource.billingAccountId", "ba-1"))),
                new ResultEdit(
                        created, List.of(setText("resource.subprojectId", Samples.letters(64)))),
                new ResultEdit(created, List.of(set("resource.version", "0"))),
                new ResultEdit(created, List.of(set("resource.version", "\"1\""))),
                new ResultEdit(created, List.of(set("resource.deleted", "true"))),
                new ResultEdit(
                        created, List.of(setText("resource.deleteTime", "2026-12-04T10:00:00Z"))),
                new ResultEdit(created, List.of(set("resource.labels", Samples.labels(256)))),
                new ResultEdit(created, List.of(setText("resource.displayName", ""))),
                new ResultEdit(rejected, List.of(remove("reason"))),
                new ResultEdit(rejected, List.of(setText("code", "OK"))),
                new ResultEdit(rejected, List.of(setText("reason", "field violations"))),
                new ResultEdit(rejected, List.of(set("violations", "[]"))),
                new ResultEdit(rejected, List.of(set("violations", "[{\"field\":\"payload\"}]"))),
                new ResultEdit(signUp, List.of(remove("resource.project"))),
                new ResultEdit(signUp, List.of(setText("resource.billingAccount.balance", "0"))),
                new ResultEdit(signUp, List.of(set("resource.billingAccount.owed", "0.0"))),
                new ResultEdit(signUp, List.of(setText("resource.billingAccount.owed", "-5.00"))),
                new ResultEdit(signUp, List.of(setText("resource.billingAccount.currency", "eur"))),
                new ResultEdit(signUp, List.of(setText("resource.account.labels", "x"))),
                new ResultEdit(credit, List.of(setText("resource.creditLimit", "100.00"))),
                new ResultEdit(credit, List.of(setText("resource.kind", "CREDIT"))),
                new ResultEdit(credit, List.of(setText("resource.payer", "Relaywave"))),
                new ResultEdit(created, List.of(remove("resource.entityType"))),
                new ResultEdit(created, List.of(setText("resource.entityType", "project"))),
                new ResultEdit(created, List.of(set("resource.deletedSubprojectCount", "0"))),
                new ResultEdit(created, List.of(set("resource.usage", "[]"))),
                new ResultEdit(created, List.of(remove("resource"))),
                new ResultEdit(signUp, List.of(set("resource.billingAccount.payer", payer))),
                new ResultEdit(signUp, List.of(remove("resource.account.entityType"))),
                new ResultEdit(credit, List.of(set("resource.payer", payer))),
                new ResultEdit(credit, List.of(set("resource.usage", "[" + usage + ",1]"))),
                new ResultEdit(
                        credit,
                        List.of(set("resource.usage", "[" + usage.replace("\"1\"", "1") + "]"))),
                new ResultEdit(
                        credit,
                        List.of(set("resource.usage", "[" + usage.replace("USD", "usd") + "]"))),
                new ResultEdit(credit, List.of(setText("resource.balance", "9000000000.01"))),
                new ResultEdit(cascade, List.of(remove("resource.deleteTime"))),
                new ResultEdit(cascade, List.of(remove("resource.deletedSubprojectCount"))),
                new ResultEdit(cascade, List.of(set("resource.deletedSubprojectCount", "-1"))),
                new ResultEdit(cascade, List.of(set("resource.deletedSubprojects", "[]"))),
                new ResultEdit(accountExists, List.of(remove("resource"))),
                new ResultEdit(accountExists, List.of(set("resource.project", "{}"))),
                new ResultEdit(inUse, List.of(set("resource.linkedProjectIds", "[]"))),
                new ResultEdit(inUse, List.of(set("resource.linkedProjectCount", "0"))),
                new ResultEdit(inUse, List.of(setText("resource.kind", "PREPAID"))),
                new ResultEdit(charged, List.of(setText("resource.quantity", "1"))),
                new ResultEdit(charged, List.of(setText("resource.amount", "0.00"))),
                new ResultEdit(charged, List.of(remove("resource.billingAccountId"))),
                new ResultEdit(charged, List.of(set("resource.product", "null"))),
                new ResultEdit(charged, List.of(setText("resource.entityType", "charge"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidResults")
    void resultSchema_brokenResult_errors(ResultEdit row) {
        ObjectNode sample = (ObjectNode) Samples.parse(Samples.resultBytes(row.sample()));
        byte[] document = Samples.toBytes(Samples.edited(sample, row.edits()));

        List<Error> errors = validate(Schemas.RESULT, document);

        assertThat(errors).isNotEmpty();
    }

    @Test
    void resultSchema_resultWrittenByCodec_noErrors() {
        ObjectNode request =
                Samples.editedRequest(
                        RequestType.SUBPROJECT_CREATE, setText("type", "subproject.move"));
        DecodedRequest.Rejected rejected = Decoding.rejected(Decoding.decode(request));
        ProvisioningResult result =
                new ProvisioningResult(
                        ProvisioningRequest.SPEC_VERSION,
                        rejected.requestId(),
                        rejected.accountId(),
                        rejected.type(),
                        ResultStatus.REJECTED,
                        rejected.reason().code(),
                        rejected.reason().name(),
                        rejected.message(),
                        rejected.violations(),
                        null,
                        java.time.Instant.parse("2026-12-04T10:00:02Z"));

        List<Error> errors = validate(Schemas.RESULT, new ResultCodec().encode(result));

        assertThat(errors).isEmpty();
    }

    private static List<Error> validate(String schemaName, byte[] document) {
        String text = new String(document, StandardCharsets.UTF_8);
        return schema(Schemas.ID_BASE + schemaName).validate(text, InputFormat.JSON);
    }

    /**
     * Writes the field an error is about the way the decoder writes violation paths. A missing or
     * unknown field is named by the error's property, and a bad label key names the label map. In
     * these schemas an anyOf or oneOf chooses among the fields of one object, so its errors name
     * that object.
     */
    private static String fieldPath(Error error) {
        String location = error.getInstanceLocation().toString().replace('/', '.');
        String path = location.startsWith(".") ? location.substring(1) : location;
        boolean inCombinator =
                error.getEvaluationPath().contains("anyOf")
                        || error.getEvaluationPath().contains("oneOf");
        if (inCombinator) {
            boolean aboutObject =
                    List.of("anyOf", "oneOf", "required").contains(error.getKeyword());
            return aboutObject ? path : parentOf(path);
        }
        boolean namesChild =
                error.getProperty() != null && !"propertyNames".equals(error.getKeyword());
        if (!namesChild) {
            return path;
        }
        return path.isEmpty() ? error.getProperty() : path + "." + error.getProperty();
    }

    private static String parentOf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static Schema schema(String iri) {
        return REGISTRY.getSchema(SchemaLocation.of(iri));
    }

    private static boolean isOwnOrMetaSchema(String iri) {
        return iri.startsWith(Schemas.ID_BASE)
                || iri.startsWith("https://json-schema.org/draft/2020-12/");
    }

    /** Returns the text of one of this module's schemas by its $id, or null for any other IRI. */
    private static String ownSchemaText(String iri) {
        if (!iri.startsWith(Schemas.ID_BASE)) {
            return null;
        }
        String name = iri.substring(Schemas.ID_BASE.length());
        if (!Schemas.NAMES.contains(name)) {
            return null;
        }
        try (InputStream stream = Schemas.open(name)) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading schema " + name + " failed", e);
        }
    }
}
