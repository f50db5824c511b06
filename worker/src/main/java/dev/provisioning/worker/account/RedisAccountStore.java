package dev.provisioning.worker.account;

import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultStatus;
import dev.provisioning.worker.billing.BillingRoute;
import dev.provisioning.worker.billing.HintCheck;
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
 * call shares the account's hash tag. When Redis replies NOSCRIPT (after a restart, a failover or
 * SCRIPT FLUSH), the call is repeated once as EVAL with the script's source. EVAL goes to the node
 * that owns the account's slot, runs the script there and adds it to that node's script cache, so
 * later EVALSHA calls find it. SCRIPT LOAD would not do, because in a cluster it may reach another
 * node than the slot's owner. Continuations run on the Vert.x context given at construction, never
 * on a Lettuce I/O thread.
 */
public final class RedisAccountStore implements AccountStore {
    private static final Logger log = LoggerFactory.getLogger(RedisAccountStore.class);

    /** Elements before the changelog pairs in the script's reply. */
    private static final int HEADER_SIZE = 9;

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
    public Future<StoreOutcome> apply(ProvisioningRequest request, Instant now, BillingRoute hint) {
        AccountKeys keys = new AccountKeys(keyPrefix, request.accountId());
        String[] keyArray =
                keys.scriptKeys(request.requestId(), ScriptArguments.usageId(request))
                        .toArray(String[]::new);
        String[] args = ScriptArguments.of(request, now, limits, hint);

        return evalsha(keyArray, args)
                .recover(
                        failure -> {
                            if (!(failure instanceof RedisNoScriptException)) {
                                return Future.failedFuture(failure);
                            }
                            log.info(
                                    "apply script missing in Redis, sending its source"
                                            + " requestId={} accountId={}",
                                    request.requestId(),
                                    request.accountId());
                            return eval(keyArray, args);
                        })
                .map(reply -> toOutcome(reply, request.accountId()));
    }

    private Future<List<Object>> evalsha(String[] keys, String[] args) {
        return Future.fromCompletionStage(
                redis.<List<Object>>evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args),
                context);
    }

    private Future<List<Object>> eval(String[] keys, String[] args) {
        return Future.fromCompletionStage(
                redis.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args),
                context);
    }

    static StoreOutcome toOutcome(List<Object> reply, String accountId) {
        if (reply == null
                || reply.size() < HEADER_SIZE
                || (reply.size() - HEADER_SIZE) % 2 != 0
                || !(reply.get(8) instanceof List<?> route)) {
            throw new IllegalStateException("apply script returned a malformed reply: " + reply);
        }
        List<ChangelogEntry> changelog = new ArrayList<>((reply.size() - HEADER_SIZE) / 2);
        for (int i = HEADER_SIZE; i < reply.size(); i += 2) {
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
                hintCheck(text(reply, 7)),
                RouteFields.read(accountId, route),
                changelog);
    }

    private static HintCheck hintCheck(String text) {
        return switch (text) {
            case "" -> HintCheck.NO_HINT;
            case "VERIFIED" -> HintCheck.VERIFIED;
            case "STALE" -> HintCheck.STALE;
            default ->
                    throw new IllegalStateException(
                            "apply script returned an unknown hint check: " + text);
        };
    }

    private static String text(List<Object> reply, int index) {
        Object value = reply.get(index);
        return value == null ? "" : value.toString();
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
