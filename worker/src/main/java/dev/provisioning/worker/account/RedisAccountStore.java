package dev.provisioning.worker.account;

import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies requests with one EVALSHA of {@link ApplyScript} per request: one round trip that checks,
 * writes and records the idempotency entry atomically.
 *
 * <p>Works with a standalone connection and a cluster connection alike, because every key of one
 * call shares the account's hash tag. When Redis answers NOSCRIPT (after a restart, a failover or
 * SCRIPT FLUSH), the script is loaded again and the call repeated once. Continuations run on the
 * Vert.x context given at construction, never on a Lettuce I/O thread.
 */
public final class RedisAccountStore implements AccountStore {
    private static final Logger log = LoggerFactory.getLogger(RedisAccountStore.class);

    private final RedisScriptingAsyncCommands<String, String> redis;
    private final Context context;
    private final ApplyScript script;
    private final String keyPrefix;
    private final Limits limits;

    public RedisAccountStore(
            RedisScriptingAsyncCommands<String, String> redis,
            Context context,
            ApplyScript script,
            String keyPrefix,
            Limits limits) {
        this.redis = redis;
        this.context = context;
        this.script = script;
        this.keyPrefix = keyPrefix;
        this.limits = limits;
    }

    @Override
    public Future<StoreOutcome> apply(ProvisioningRequest request, Instant now) {
        AccountKeys keys = new AccountKeys(keyPrefix, request.accountId());
        String[] keyArray =
                keys.scriptKeys(request.requestId(), ScriptArguments.usageId(request))
                        .toArray(String[]::new);
        String[] args = ScriptArguments.of(request, now, limits);

        return evalsha(keyArray, args)
                .recover(
                        failure -> {
                            if (!(failure instanceof RedisNoScriptException)) {
                                return Future.failedFuture(failure);
                            }
                            log.info("apply script missing in Redis, loading it again");
                            return Future.fromCompletionStage(
                                            redis.scriptLoad(script.source()), context)
                                    .compose(sha -> evalsha(keyArray, args));
                        })
                .map(RedisAccountStore::toOutcome);
    }

    private Future<List<Object>> evalsha(String[] keys, String[] args) {
        return Future.fromCompletionStage(
                redis.<List<Object>>evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args),
                context);
    }

    static StoreOutcome toOutcome(List<Object> reply) {
        if (reply == null || reply.size() < 7 || (reply.size() - 7) % 2 != 0) {
            throw new IllegalStateException("apply script returned a malformed reply: " + reply);
        }
        List<ChangelogEntry> changelog = new ArrayList<>((reply.size() - 7) / 2);
        for (int i = 7; i < reply.size(); i += 2) {
            changelog.add(new ChangelogEntry(text(reply, i), text(reply, i + 1)));
        }
        return new StoreOutcome(
                ResultStatus.valueOf(text(reply, 0)),
                ResultCode.valueOf(text(reply, 1)),
                emptyToNull(text(reply, 2)),
                text(reply, 3),
                emptyToNull(text(reply, 4)),
                text(reply, 5),
                "1".equals(text(reply, 6)),
                changelog);
    }

    private static String text(List<Object> reply, int index) {
        Object value = reply.get(index);
        return value == null ? "" : value.toString();
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
