package dev.provisioning.contracts;

import java.util.Objects;

/**
 * One broken field rule of a rejected request.
 *
 * @param field JSON path of the field from the request root, for example {@code
 *     payload.labels.tier}; never null
 * @param description what the rule expects, never echoing the rejected value; never null
 */
public record Violation(String field, String description) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(description, "description");
    }
}
