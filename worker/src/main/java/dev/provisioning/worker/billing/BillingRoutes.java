package dev.provisioning.worker.billing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.payload.BillingAccountDelete;
import dev.provisioning.contracts.payload.ProjectDelete;
import dev.provisioning.contracts.payload.ProjectLinkBillingAccount;
import dev.provisioning.contracts.payload.SubprojectDelete;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The near cache of billing routes: project or subproject id to the {@link BillingRoute} that was
 * last proven for it. A usage record's route comes from here as a hint that the apply script
 * verifies, so an entry may be stale without harm. Invalidation only saves a failed verification
 * and the slower charge that follows it.
 *
 * <p>The cache covers the accounts of the partitions this worker owns. {@link #lookup} and {@link
 * #afterCharge} are called on the request pipeline's event loop only, which owns the hit, miss and
 * stale-hint counters. Every other method is safe from any thread: the poll thread clears the cache
 * on a rebalance, and {@link BillingResolver} fills it from Redis I/O threads.
 */
public final class BillingRoutes {
    private final Cache<String, BillingRoute> cache;
    private final OwnerCounter hits = new OwnerCounter();
    private final OwnerCounter misses = new OwnerCounter();
    private final OwnerCounter staleHints = new OwnerCounter();

    /**
     * Builds an empty cache and registers its counters.
     *
     * @param maxEntries entries kept before the least valuable are evicted; 0 caches nothing
     */
    public BillingRoutes(long maxEntries, MeterRegistry registry) {
        this(maxEntries, registry, Runnable::run);
    }

    /**
     * Builds the cache with Caffeine's maintenance (buffer drains, evictions) run on the given
     * executor. The public constructor runs it on the calling thread: handing it to the common
     * fork-join pool costs a wake-up of another thread and some allocation now and then, which the
     * hit path should not pay.
     */
    BillingRoutes(long maxEntries, MeterRegistry registry, Executor maintenance) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must be >= 0, got " + maxEntries);
        }
        cache = Caffeine.newBuilder().maximumSize(maxEntries).executor(maintenance).build();
        registerCounters(registry);
    }

    private void registerCounters(MeterRegistry registry) {
        FunctionCounter.builder("provisioning.billing.route.lookups", hits, OwnerCounter::value)
                .description("billing route lookups for usage records, by result")
                .tag("result", "hit")
                .register(registry);
        FunctionCounter.builder("provisioning.billing.route.lookups", misses, OwnerCounter::value)
                .description("billing route lookups for usage records, by result")
                .tag("result", "miss")
                .register(registry);
        FunctionCounter.builder(
                        "provisioning.billing.route.verification.failures",
                        staleHints,
                        OwnerCounter::value)
                .description("cached billing routes that the apply script found stale")
                .register(registry);
    }

    /**
     * Returns the cached route for a usage record of the account, or null on a miss: one hash
     * lookup, no allocation. A route cached for the same id in another account, or for a project
     * when a subproject is named (or the other way round), is a miss. Pipeline event loop only.
     *
     * @param subprojectId the subproject charged, or null when {@code projectId} is
     */
    public BillingRoute lookup(String accountId, String projectId, String subprojectId) {
        String entityId = subprojectId != null ? subprojectId : projectId;
        BillingRoute route = entityId == null ? null : cache.getIfPresent(entityId);
        if (route == null
                || !route.accountId().equals(accountId)
                || (route.subprojectId() == null) != (subprojectId == null)) {
            misses.increment();
            return null;
        }
        hits.increment();
        return route;
    }

    /**
     * Learns from a usage record's outcome: keeps the route the script resolved, and drops an entry
     * the script found stale when it resolved none. Pipeline event loop only.
     *
     * @param resolved the route the script resolved itself, or null
     */
    public void afterCharge(String entityId, HintCheck check, BillingRoute resolved) {
        if (check == HintCheck.STALE) {
            staleHints.increment();
        }
        if (resolved != null) {
            remember(resolved);
        } else if (check == HintCheck.STALE) {
            cache.invalidate(entityId);
        }
    }

    /**
     * Drops the routes a successful request may have changed: relinking or deleting a project
     * changes its own route and those of its subprojects.
     */
    public void afterChange(ProvisioningRequest request) {
        String accountId = request.accountId();
        switch (request.payload()) {
            case ProjectLinkBillingAccount link -> forgetProject(accountId, link.projectId());
            case ProjectDelete delete -> forgetProject(accountId, delete.projectId());
            case SubprojectDelete delete -> cache.invalidate(delete.subprojectId());
            case BillingAccountDelete delete ->
                    forgetWhere(
                            route ->
                                    route.accountId().equals(accountId)
                                            && route.billingAccountId()
                                                    .equals(delete.billingAccountId()));
            default -> {}
        }
    }

    /** Returns the cached route of an entity of the account without counting, or null. */
    BillingRoute peek(String accountId, String entityId) {
        BillingRoute route = cache.getIfPresent(entityId);
        return route != null && route.accountId().equals(accountId) ? route : null;
    }

    /** Caches a route that was just read from the account state. */
    void remember(BillingRoute route) {
        cache.put(route.entityId(), route);
    }

    /**
     * Drops every entry. Called when partitions are revoked, lost or assigned, so that a worker
     * never keeps routes of accounts another worker may have changed in the meantime.
     */
    public void clear() {
        cache.invalidateAll();
    }

    /** Returns the approximate number of entries, for tests and metrics. */
    public long size() {
        return cache.estimatedSize();
    }

    /** Runs pending evictions now; for tests. */
    void cleanUp() {
        cache.cleanUp();
    }

    private void forgetProject(String accountId, String projectId) {
        cache.invalidate(projectId);
        forgetWhere(
                route ->
                        route.accountId().equals(accountId) && route.projectId().equals(projectId));
    }

    // NOTE: this scans every entry on the calling thread, so its cost grows with the cache size.
    // That is fine for relinks and deletes, which are rare, but not for the usage path.
    private void forgetWhere(Predicate<BillingRoute> stale) {
        cache.asMap().values().removeIf(stale);
    }
}
