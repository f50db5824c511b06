package dev.provisioning.worker.account;

import dev.provisioning.worker.billing.BillingRoute;
import dev.provisioning.worker.billing.RouteSource;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Reads billing routes with one EVALSHA of {@code resolve-billing-route.lua}, which decodes the
 * subproject, project and billing account documents inside Redis and changes nothing. On NOSCRIPT
 * the call is repeated once as EVAL with the script's source, which runs on the node that owns the
 * account's slot and caches the script there, also in a Redis Cluster. Results complete on a
 * Lettuce I/O thread.
 */
public final class RedisRouteSource implements RouteSource {
    private static final String RESOURCE = "resolve-billing-route.lua";

    private final RedisScriptingAsyncCommands<String, String> redis;
    private final String keyPrefix;
    private final String source = ApplyScript.readResource(RESOURCE);
    private final String sha1 = ApplyScript.sha1Hex(source);

    public RedisRouteSource(RedisScriptingAsyncCommands<String, String> redis, String keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    @Override
    public CompletionStage<Optional<BillingRoute>> fetch(String accountId, String entityId) {
        String[] keys = {new AccountKeys(keyPrefix, accountId).entities()};
        return evalsha(keys, entityId)
                .exceptionallyCompose(
                        failure -> {
                            if (!(unwrap(failure) instanceof RedisNoScriptException)) {
                                return CompletableFuture.failedFuture(failure);
                            }
                            return redis.<List<Object>>eval(
                                    source, ScriptOutputType.MULTI, keys, entityId);
                        })
                .thenApply(reply -> toRoute(accountId, reply));
    }

    private CompletionStage<List<Object>> evalsha(String[] keys, String entityId) {
        return redis.<List<Object>>evalsha(sha1, ScriptOutputType.MULTI, keys, entityId);
    }

    private static Optional<BillingRoute> toRoute(String accountId, List<Object> reply) {
        if (reply == null) {
            throw new IllegalStateException("route script returned no reply");
        }
        return Optional.ofNullable(RouteFields.read(accountId, reply));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
    }
}
