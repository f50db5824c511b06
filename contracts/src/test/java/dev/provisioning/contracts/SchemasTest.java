package dev.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.contracts.payload.UsageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the packaged schema files and that their limits equal the Java readers' constants. */
class SchemasTest {

    static Stream<String> names() {
        return Schemas.NAMES.stream();
    }

    @Test
    void names_listEverySchemaFile() {
        assertThat(Schemas.NAMES)
                .hasSize(1 + RequestType.values().length + 3 + Schemas.ENTITIES.size());
    }

    @ParameterizedTest
    @MethodSource("names")
    void open_everyName_idIsBasePlusName(String name) {
        JsonNode schema = read(name);

        assertThat(schema.path("$id").textValue()).isEqualTo(Schemas.ID_BASE + name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void open_everyName_draft2020Dialect(String name) {
        JsonNode schema = read(name);

        assertThat(schema.path("$schema").textValue())
                .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @ParameterizedTest
    @MethodSource("names")
    void open_everyName_hasTitleAndDescription(String name) {
        JsonNode schema = read(name);

        assertThat(schema.path("title").textValue()).isNotBlank();
        assertThat(schema.path("description").textValue()).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("names")
    void open_everyProperty_hasDescription(String name) {
        List<String> undocumented = new ArrayList<>();

        forEachProperty(
                read(name),
                "",
                (path, property) -> {
                    if (!property.path("description").isTextual()) {
                        undocumented.add(path);
                    }
                });

        assertThat(undocumented).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("names")
    void open_everyObjectWithProperties_closed(String name) {
        List<String> open = new ArrayList<>();

        forEachObjectSchema(
                read(name),
                "",
                (path, object) -> {
                    if (!object.path("additionalProperties").isBoolean()
                            || object.path("additionalProperties").booleanValue()) {
                        open.add(path.isEmpty() ? "(root)" : path);
                    }
                });

        assertThat(open).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RequestType.class)
    void open_requestType_payloadSchemaOfThatType(RequestType type) {
        JsonNode schema = read(Schemas.open(type));

        assertThat(schema.path("title").textValue()).isEqualTo(type.wireName() + " payload");
    }

    @Test
    void openEnvelope_envelopeSchema() {
        JsonNode schema = read(Schemas.openEnvelope());

        assertThat(schema.path("$id").textValue()).endsWith(Schemas.ENVELOPE);
    }

    @Test
    void openResult_resultSchema() {
        JsonNode schema = read(Schemas.openResult());

        assertThat(schema.path("$id").textValue()).endsWith(Schemas.RESULT);
    }

    @Test
    void open_unknownName_illegalArgument() {
        assertThatThrownBy(() -> Schemas.open("../../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void envelope_requestIdPattern_sameAsReader() {
        JsonNode requestId = read(Schemas.ENVELOPE).at("/properties/requestId");

        assertThat(requestId.path("pattern").textValue())
                .isEqualTo("^" + FieldReader.ID.pattern() + "$");
    }

    @Test
    void envelope_typeEnum_everyWireName() {
        JsonNode types = read(Schemas.ENVELOPE).at("/properties/type/enum");

        assertThat(textValues(types))
                .containsExactly(
                        Stream.of(RequestType.values())
                                .map(RequestType::wireName)
                                .toArray(String[]::new));
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyCurrencyEnum_sameAsCurrencies(String name) {
        List<List<String>> enums = new ArrayList<>();

        forEachNode(
                read(name),
                node -> {
                    if (node.has("enum") && textValues(node.get("enum")).contains("EUR")) {
                        enums.add(textValues(node.get("enum")));
                    }
                });

        assertThat(enums).allSatisfy(codes -> assertThat(codes).isEqualTo(Currencies.codes()));
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyLabelMap_maxEntriesSameAsReader(String name) {
        List<Integer> limits = new ArrayList<>();

        forEachNode(
                read(name),
                node -> {
                    if (node.has("maxProperties")) {
                        limits.add(node.get("maxProperties").intValue());
                    }
                });

        assertThat(limits).allMatch(limit -> limit == FieldReader.MAX_LABELS);
    }

    @Test
    void usageRecord_quantityMaximum_sameAsReader() {
        JsonNode quantity =
                read(Schemas.fileName(RequestType.USAGE_RECORD)).at("/properties/quantity");

        assertThat(quantity.path("maximum").longValue()).isEqualTo(UsageRecord.MAX_QUANTITY);
    }

    @Test
    void result_violationsMaxItems_sameAsCollector() {
        JsonNode violations = read(Schemas.RESULT).at("/properties/violations");

        assertThat(violations.path("maxItems").intValue()).isEqualTo(Violations.MAX_VIOLATIONS);
    }

    @Test
    void payerTexts_maxLengthsSameAsReader() {
        JsonNode payer =
                read(Schemas.fileName(RequestType.BILLING_ACCOUNT_CREATE)).at("/properties/payer");

        assertThat(payer.at("/properties/name/maxLength").intValue())
                .isEqualTo(FieldReader.MAX_NAME_LENGTH);
        assertThat(payer.at("/properties/address/maxLength").intValue())
                .isEqualTo(FieldReader.MAX_TEXT_LENGTH);
        assertThat(payer.at("/properties/taxId/maxLength").intValue()).isEqualTo(64);
    }

    static JsonNode read(String name) {
        return read(Schemas.open(name));
    }

    private static JsonNode read(InputStream stream) {
        try (stream) {
            return Samples.parse(stream.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading a schema failed", e);
        }
    }

    private static List<String> textValues(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /**
     * Visits every property definition reached through properties, items, additionalProperties and
     * $defs, but not the conditions under allOf, if, then, anyOf, oneOf or not, which only restate
     * properties defined elsewhere or refer to $defs.
     */
    private static void forEachProperty(
            JsonNode schema, String path, BiConsumer<String, JsonNode> visitor) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            String propertyPath =
                    path.isEmpty() ? property.getKey() : path + "." + property.getKey();
            visitor.accept(propertyPath, property.getValue());
            forEachProperty(property.getValue(), propertyPath, visitor);
        }
        if (schema.path("items").isObject()) {
            forEachProperty(schema.get("items"), path + "[]", visitor);
        }
        if (schema.path("additionalProperties").isObject()) {
            forEachProperty(schema.get("additionalProperties"), path + ".*", visitor);
        }
        for (Map.Entry<String, JsonNode> definition : schema.path("$defs").properties()) {
            forEachProperty(definition.getValue(), "$defs." + definition.getKey(), visitor);
        }
    }

    /** Visits every schema of an object with declared properties, reached like the properties. */
    private static void forEachObjectSchema(
            JsonNode schema, String path, BiConsumer<String, JsonNode> visitor) {
        if (schema.has("properties")) {
            visitor.accept(path, schema);
        }
        for (Map.Entry<String, JsonNode> definition : schema.path("$defs").properties()) {
            if (definition.getValue().has("properties")) {
                visitor.accept("$defs." + definition.getKey(), definition.getValue());
            }
        }
        forEachProperty(
                schema,
                path,
                (propertyPath, property) -> {
                    if (property.has("properties")) {
                        visitor.accept(propertyPath, property);
                    }
                });
    }

    private static void forEachNode(JsonNode node, Consumer<JsonNode> visitor) {
        visitor.accept(node);
        node.forEach(child -> forEachNode(child, visitor));
    }
}
