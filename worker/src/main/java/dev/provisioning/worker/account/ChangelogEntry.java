package dev.provisioning.worker.account;

/**
 * The latest state of one entity, as published on the compacted changelog topic.
 *
 * @param entityId the record key: the entity's id (the accountId for an account)
 * @param stateJson the entity's full state, payer and money included, as JSON
 */
public record ChangelogEntry(String entityId, String stateJson) {}
