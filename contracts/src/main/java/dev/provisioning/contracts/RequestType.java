package dev.provisioning.contracts;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kinds of provisioning request, by the name they carry in the envelope's {@code type} field.
 *
 * <p>Names are part of the wire contract: new types may be added, existing ones are never renamed.
 */
public enum RequestType {
    ACCOUNT_CREATE("account.create"),
    BILLING_ACCOUNT_CREATE("billing-account.create"),
    BILLING_ACCOUNT_UPDATE("billing-account.update"),
    BILLING_ACCOUNT_CREDIT("billing-account.credit"),
    BILLING_ACCOUNT_DELETE("billing-account.delete"),
    PROJECT_CREATE("project.create"),
    PROJECT_UPDATE("project.update"),
    PROJECT_LINK_BILLING_ACCOUNT("project.link-billing-account"),
    PROJECT_DELETE("project.delete"),
    SUBPROJECT_CREATE("subproject.create"),
    SUBPROJECT_UPDATE("subproject.update"),
    SUBPROJECT_DELETE("subproject.delete"),
    USAGE_RECORD("usage.record");

    private static final Map<String, RequestType> BY_WIRE_NAME =
            Arrays.stream(values())
                    .collect(
                            Collectors.toUnmodifiableMap(
                                    RequestType::wireName, Function.identity()));

    private final String wireName;

    RequestType(String wireName) {
        this.wireName = wireName;
    }

    /** Returns the name used in JSON, for example {@code subproject.create}. */
    public String wireName() {
        return wireName;
    }

    /** Finds the type for a wire name, or empty for null or a name this version does not know. */
    public static Optional<RequestType> fromWireName(String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
