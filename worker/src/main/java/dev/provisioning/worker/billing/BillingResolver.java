package dev.provisioning.worker.billing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Resolves billing routes for code outside the usage path: from the near cache when it contains the
 * route, else with one read of the account state, shared by every caller that misses the same
 * entity of the same account while that read is running. A read route fills the near cache.
 *
 * <p>Safe to call from any thread. Results complete on the Vert.x context given at construction, or
 * on the Redis client's thread when there is none.
 */
public final class BillingResolver {
    private final BillingRoutes routes;
    private final RouteSource source;
    private final Context context;
    private final ConcurrentHashMap<RouteKey, CompletableFuture<Optional<BillingRoute>>> loading =
            new ConcurrentHashMap<>();
    private final LongAdder fetches = new LongAdder();

    /**
     * @param context where results complete, or null to complete them where the read completes
     */
    public BillingResolver(BillingRoutes routes, RouteSource source, Context context) {
        this.routes = routes;
        this.source = source;
        this.context = context;
    }

    /**
     * Returns the route of a live project or subproject of the account.
     *
     * @return the route, or empty when the account has no live project or subproject with that id.
     *     The future fails when the account state could not be read, and a retry is safe.
     */
    public Future<Optional<BillingRoute>> resolve(String accountId, String entityId) {
        BillingRoute cached = routes.peek(accountId, entityId);
        if (cached != null) {
            return Future.succeededFuture(Optional.of(cached));
        }

        RouteKey key = new RouteKey(accountId, entityId);
        CompletableFuture<Optional<BillingRoute>> created = new CompletableFuture<>();
        CompletableFuture<Optional<BillingRoute>> running = loading.putIfAbsent(key, created);
        if (running == null) {
            running = created;
            // A read that finished between the first look and the claim has filled the cache.
            BillingRoute filled = routes.peek(accountId, entityId);
            if (filled != null) {
                loading.remove(key, created);
                created.complete(Optional.of(filled));
            } else {
                fetch(key, created);
            }
        }
        return onContext(running);
    }

    /** Returns how many reads of the account state this resolver started; for tests. */
    public long fetchCount() {
        return fetches.sum();
    }

    private void fetch(RouteKey key, CompletableFuture<Optional<BillingRoute>> created) {
        fetches.increment();
        CompletableFuture<Optional<BillingRoute>> read;
        try {
            read = source.fetch(key.accountId(), key.entityId()).toCompletableFuture();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        // The route goes into the near cache before the key leaves the loading map, so a caller
        // that arrives in between finds one or the other and never starts a second read.
        read.whenComplete(
                (route, failure) -> {
                    if (route != null) {
                        route.ifPresent(routes::remember);
                    }
                    loading.remove(key, created);
                    if (failure != null) {
                        created.completeExceptionally(failure);
                    } else {
                        created.complete(route);
                    }
                });
    }

    private Future<Optional<BillingRoute>> onContext(
            CompletableFuture<Optional<BillingRoute>> future) {
        return context == null
                ? Future.fromCompletionStage(future)
                : Future.fromCompletionStage(future, context);
    }

    private record RouteKey(String accountId, String entityId) {}
}
