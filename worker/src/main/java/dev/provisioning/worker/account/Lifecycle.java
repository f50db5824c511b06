package dev.provisioning.worker.account;

/**
 * The fields every entity carries about its own history. Times are ISO-8601 strings exactly as the
 * request's decision time was written, so a stored entity reads back unchanged.
 *
 * @param createTime when the entity was created
 * @param updateTime when its own fields or links last changed
 * @param version 1 at creation, plus one per change of its own fields or links; money moving does
 *     not count
 * @param deleted whether the entity is a tombstone
 * @param deleteTime when it was deleted, or null while it is live
 */
record Lifecycle(
        String createTime, String updateTime, long version, boolean deleted, String deleteTime) {

    static Lifecycle created(String now) {
        return new Lifecycle(now, now, 1, false, null);
    }

    Lifecycle touched(String now) {
        return new Lifecycle(createTime, now, version + 1, deleted, deleteTime);
    }

    Lifecycle tombstoned(String now) {
        return new Lifecycle(createTime, now, version + 1, true, now);
    }
}
