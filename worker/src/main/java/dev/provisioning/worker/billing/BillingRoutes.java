package dev.provisioning.worker.billing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.payload.BillingAccountDelete;
import dev.provisioning.contracts.payload.ProjectDelete;
import dev.provisioning.contracts.payload.ProjectLinkBillingAccount;
import dev.provisioning.contracts.payload.SubprojectDelete;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * Subproject ids with a cached route, by project id, so that a relink or project delete drops
     * its subprojects' entries without scanning the cache. A scan cost a third of the worker's CPU
     * in the load harness, where 3 % of requests are relinks. Entries leave with the cache's own.
     */
    private final ConcurrentHashMap<String, Set<String>> subprojectsByProject =
            new ConcurrentHashMap<>();

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
        cache =
                Caffeine.newBuilder()
                        .maximumSize(maxEntries)
                        .executor(maintenance)
                        .<String, BillingRoute>removalListener(
                                (entityId, route, cause) -> {
                                    // A replaced route keeps its subproject's project, which never
                                    // changes, so its index entry stays valid.
                                    if (cause != RemovalCause.REPLACED) {
                                        unindex(route);
                                    }
                                })
                        .build();
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
        if (route.subprojectId() != null) {
            subprojectsByProject
                    .computeIfAbsent(route.projectId(), ignored -> ConcurrentHashMap.newKeySet())
                    .add(route.subprojectId());
        }
        cache.put(route.entityId(), route);
    }

    private void unindex(BillingRoute route) {
        if (route == null || route.subprojectId() == null) {
            return;
        }
        subprojectsByProject.computeIfPresent(
                route.projectId(),
                (projectId, subprojects) -> {
                    subprojects.remove(route.subprojectId());
                    return subprojects.isEmpty() ? null : subprojects;
                });
    }

    /**
     * Drops every entry. Called when partitions are revoked, lost or assigned, so that a worker
     * never keeps routes of accounts another worker may have changed in the meantime.
     */
    public void clear() {
        cache.invalidateAll();
        subprojectsByProject.clear();
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
        BillingRoute project = cache.getIfPresent(projectId);
        if (project == null || project.accountId().equals(accountId)) {
            cache.invalidate(projectId);
        }
        Set<String> subprojects = subprojectsByProject.get(projectId);
        if (subprojects == null) {
            return;
        }
        for (String subprojectId : List.copyOf(subprojects)) {
            BillingRoute route = cache.getIfPresent(subprojectId);
            if (route != null && route.accountId().equals(accountId)) {
                cache.invalidate(subprojectId);
            }
        }
    }

    // NOTE: this scans every entry on the calling thread, so its cost grows with the cache size.
    // Only a successful billing account delete uses it, and that needs the billing account to pay
    // for no project, so it is rare and finds no live route.
    private void forgetWhere(Predicate<BillingRoute> stale) {
        cache.asMap().values().removeIf(stale);
    }
}
