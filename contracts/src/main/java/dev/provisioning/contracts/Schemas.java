package dev.provisioning.contracts;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON Schemas (draft 2020-12) of the wire contract, packaged in this jar so that producers can
 * validate their messages before sending them.
 *
 * <p>Each schema's {@code $id} is {@link #ID_BASE} followed by its file name, and schemas refer to
 * each other by file name relative to that base: the request envelope refers to the payload
 * schemas, the result schema to the charge and entity schemas, and the changelog schema to the
 * entity schemas. A validator therefore needs every file of {@link #NAMES} registered under its
 * {@code $id}. Mapping {@link #ID_BASE} to this jar's {@link #RESOURCE_FOLDER} does that without
 * fetching anything from the network.
 *
 * <p>The schemas state the same field rules as {@link RequestDecoder}, except for what JSON Schema
 * cannot express. The decoder also rejects text with unpaired UTF-16 surrogates, numbers such as
 * {@code 5.0} or {@code 5e0} where a whole number is expected, duplicate keys, and documents past
 * its size, nesting and token limits. Where the two differ, the decoder decides.
 */
public final class Schemas {
    /** Prefix of every schema's {@code $id}, which the file name follows. */
    public static final String ID_BASE = "https://provisioning.dev/schemas/v1/";

    /** Classpath folder of the schema files, without a leading slash. */
    public static final String RESOURCE_FOLDER = "dev/provisioning/contracts/schema/";

    /** File name of the schema of a whole request: envelope fields plus a payload by type. */
    public static final String ENVELOPE = "request-envelope.schema.json";

    /** File name of the schema of a result on the result topic. */
    public static final String RESULT = "result.schema.json";

    /**
     * File name of the schema of a successful {@code usage.record} result's resource: what one
     * usage record charged.
     */
    public static final String CHARGE = "charge.schema.json";

    /**
     * File name of the schema of a value on the changelog topic: one entity's whole state, which,
     * unlike a result, includes a billing account's payer.
     */
    public static final String CHANGELOG = "changelog.schema.json";

    /** File names of the entity schemas that results and changelog values refer to. */
    public static final List<String> ENTITIES =
            List.of(
                    "account.schema.json",
                    "billing-account.schema.json",
                    "project.schema.json",
                    "subproject.schema.json");

    /**
     * File names of all schemas: envelope, one payload schema per request type, result, charge,
     * changelog value, entities.
     */
    public static final List<String> NAMES = allNames();

    private Schemas() {}

    /**
     * Returns the file name of the payload schema of a request type, such as {@code
     * subproject.create.schema.json}.
     */
    public static String fileName(RequestType type) {
        return type.wireName() + ".schema.json";
    }

    /**
     * Opens the payload schema of a request type. The caller closes the stream.
     *
     * @throws IllegalStateException if the schema is missing from the classpath, which means a
     *     broken build
     */
    public static InputStream open(RequestType type) {
        return open(fileName(type));
    }

    /** Opens the request envelope schema, like {@link #open(RequestType)}. */
    public static InputStream openEnvelope() {
        return open(ENVELOPE);
    }

    /** Opens the result schema, like {@link #open(RequestType)}. */
    public static InputStream openResult() {
        return open(RESULT);
    }

    /**
     * Opens a schema by file name, like {@link #open(RequestType)}.
     *
     * @throws IllegalArgumentException if the name is not one of {@link #NAMES}
     */
    public static InputStream open(String fileName) {
        if (!NAMES.contains(fileName)) {
            throw new IllegalArgumentException(
                    "no schema named " + fileName + ", expected one of " + NAMES);
        }
        InputStream stream =
                Schemas.class.getClassLoader().getResourceAsStream(RESOURCE_FOLDER + fileName);
        if (stream == null) {
            throw new IllegalStateException(
                    "schema " + RESOURCE_FOLDER + fileName + " is missing from the classpath");
        }
        return stream;
    }

    private static List<String> allNames() {
        List<String> names = new ArrayList<>();
        names.add(ENVELOPE);
        Arrays.stream(RequestType.values()).map(Schemas::fileName).forEach(names::add);
        names.add(RESULT);
        names.add(CHARGE);
        names.add(CHANGELOG);
        names.addAll(ENTITIES);
        return List.copyOf(names);
    }
}
