package dev.provisioning.worker.provisioning;

/**
 * Names of the four topics of the wire contract. Each is configurable; the defaults are the
 * contract's names.
 *
 * @param requests provisioning requests, keyed by accountId
 * @param results one result per request, keyed by accountId
 * @param deadLetters records that could not be read as a request, with their original bytes
 * @param changelog compacted; latest state of each entity, keyed by entity id
 */
public record Topics(String requests, String results, String deadLetters, String changelog) {

    public static final Topics DEFAULTS =
            new Topics(
                    "provisioning.requests",
                    "provisioning.results",
                    "provisioning.requests.dlq",
                    "provisioning.changelog");
}
