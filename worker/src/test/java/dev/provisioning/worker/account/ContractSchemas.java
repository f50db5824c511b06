package dev.provisioning.worker.account;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.provisioning.contracts.Schemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Validates JSON documents against the contract's JSON Schemas as the contracts jar packages them.
 * The validator reads only those schemas and its own bundled meta-schemas, never the network, and
 * asserts {@code format} keywords such as {@code date-time}.
 */
final class ContractSchemas {
    private static final String META_SCHEMA_BASE = "https://json-schema.org/draft/2020-12/";

    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(
                    SpecificationVersion.DRAFT_2020_12,
                    builder ->
                            builder.schemaRegistryConfig(
                                            SchemaRegistryConfig.builder()
                                                    .formatAssertionsEnabled(true)
                                                    .build())
                                    .schemas(ContractSchemas::schemaText)
                                    .schemaLoader(
                                            loader ->
                                                    loader.fetchRemoteResources(false)
                                                            .allow(ContractSchemas::isKnown)));

    private ContractSchemas() {}

    /**
     * Validates a document against one schema of {@link Schemas#NAMES}.
     *
     * @return one line per error, naming the instance location and the broken rule, or an empty
     *     list when the document is valid
     */
    static List<String> errors(String schemaName, String json) {
        Schema schema = REGISTRY.getSchema(SchemaLocation.of(Schemas.ID_BASE + schemaName));

        List<Error> errors = schema.validate(json, InputFormat.JSON);

        return errors.stream().map(Error::toString).toList();
    }

    private static boolean isKnown(Object iri) {
        String text = iri.toString();
        return text.startsWith(Schemas.ID_BASE) || text.startsWith(META_SCHEMA_BASE);
    }

    /** Returns the text of one of the contract's schemas by its $id, or null for any other IRI. */
    private static String schemaText(String iri) {
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
