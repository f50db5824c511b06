package dev.provisioning.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change to a JSON document: set the field at a dotted path to a JSON value, or remove it.
 *
 * @param path field names from the root separated by dots, such as {@code payload.labels.tier}
 * @param json the new value as JSON text, or null to remove the field
 */
public record Edit(String path, String json) {

    /** Sets the field at {@code path} to the value written as JSON text. */
    public static Edit set(String path, String json) {
        return new Edit(path, json);
    }

    /** Sets the field at {@code path} to a JSON string with the given content. */
    public static Edit setText(String path, String value) {
        return new Edit(path, Samples.jsonString(value));
    }

    /** Removes the field at {@code path}. */
    public static Edit remove(String path) {
        return new Edit(path, null);
    }

    /** Applies the change to the document. Every object on the path must exist. */
    void applyTo(ObjectNode document) {
        String[] names = path.split("\\.");
        ObjectNode parent = document;
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode child = parent.get(names[i]);
            if (!(child instanceof ObjectNode object)) {
                throw new IllegalArgumentException("no object at " + names[i] + " in " + path);
            }
            parent = object;
        }
        String last = names[names.length - 1];
        if (json == null) {
            parent.remove(last);
        } else {
            parent.set(last, Samples.parse(json));
        }
    }

    @Override
    public String toString() {
        if (json == null) {
            return "no " + path;
        }
        String abbreviated = json.length() > 40 ? json.substring(0, 37) + "..." : json;
        return path + " = " + abbreviated;
    }
}
