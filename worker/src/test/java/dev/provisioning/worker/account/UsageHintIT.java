package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.payload.BillingKind;
import dev.provisioning.worker.billing.BillingRoute;
import dev.provisioning.worker.billing.HintCheck;
import dev.provisioning.worker.local.SharedInfrastructure;
import dev.provisioning.worker.provisioning.TestRequests;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The apply script's check of the billing route hint, against a real Redis: a current hint charges
 * without reading documents, and a stale one, such as a route cached by a worker that missed a
 * relink made by another, is rejected and the charge goes where the documents say.
 */
class UsageHintIT {
    private static final String ACCOUNT = "acc-hint";

    private final String prefix = "hint-" + UUID.randomUUID().toString().substring(0, 8);
    private final RequestDecoder decoder = new RequestDecoder();
    private final String projectId = EntityIds.project(ACCOUNT, "signup");
    private final String firstBilling = EntityIds.billingAccount(ACCOUNT, "signup");
    private final String secondBilling = EntityIds.billingAccount(ACCOUNT, "second");
    private final String subprojectId = EntityIds.subproject(ACCOUNT, "client-1");
    private Vertx vertx;
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;
    private RedisAccountStore store;

    @BeforeEach
    void seedAccount() throws Exception {
        vertx = Vertx.vertx();
        client = RedisClient.create(SharedInfrastructure.redis().uri());
        redis = client.connect();
        ApplyScript script = ApplyScript.load();
        redis.sync().scriptLoad(script.source());
        store =
                new RedisAccountStore(
                        redis.async(), vertx.getOrCreateContext(), script, prefix, Limits.DEFAULTS);

        apply(TestRequests.signUp("signup", ACCOUNT, "PREPAID", "EUR"), null);
        apply(TestRequests.credit("credit", ACCOUNT, firstBilling, "100.00", "EUR"), null);
        apply(TestRequests.billingAccountCreate("second", ACCOUNT, "POSTPAID", "EUR"), null);
        apply(TestRequests.subprojectCreate("client-1", ACCOUNT, projectId, "Client", "c-1"), null);
    }

    @AfterEach
    void close() throws Exception {
        redis.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void usageWithoutHint_resolvesAndReturnsRoute() throws Exception {
        StoreOutcome outcome = apply(usage("u-1", "1.00"), null);

        assertThat(outcome.code()).isEqualTo(ResultCode.OK);
        assertThat(outcome.hintCheck()).isEqualTo(HintCheck.NO_HINT);
        assertThat(outcome.resolvedRoute()).isEqualTo(route(firstBilling, BillingKind.PREPAID));
    }

    @Test
    void usageWithCurrentHint_verifiedAndChargedLikeWithout() throws Exception {
        StoreOutcome slow = apply(usage("u-1", "1.00"), null);

        StoreOutcome fast = apply(usage("u-2", "1.00"), slow.resolvedRoute());

        assertThat(fast.code()).isEqualTo(ResultCode.OK);
        assertThat(fast.hintCheck()).isEqualTo(HintCheck.VERIFIED);
        assertThat(fast.resolvedRoute()).isNull();
        assertThat(fast.changelog()).extracting("entityId").isEqualTo(entityIds(slow));
        assertThat(withoutIds(fast.resourceJson())).isEqualTo(withoutIds(slow.resourceJson()));
        assertThat(money(firstBilling + ":balance")).isEqualTo("98000000");
    }

    @Test
    void hintStaleAfterRelinkElsewhere_chargedToNewBillingAccount() throws Exception {
        BillingRoute cached = apply(usage("u-1", "1.00"), null).resolvedRoute();
        apply(TestRequests.linkBillingAccount("relink", ACCOUNT, projectId, secondBilling), null);

        StoreOutcome outcome = apply(usage("u-2", "2.50"), cached);

        assertThat(outcome.code()).isEqualTo(ResultCode.OK);
        assertThat(outcome.hintCheck()).isEqualTo(HintCheck.STALE);
        assertThat(outcome.resolvedRoute()).isEqualTo(route(secondBilling, BillingKind.POSTPAID));
        assertThat(outcome.resourceJson()).contains("\"billingAccountId\":\"" + secondBilling);
        assertThat(money(secondBilling + ":owed")).isEqualTo("2500000");
        assertThat(money(firstBilling + ":balance")).isEqualTo("99000000");
    }

    @Test
    void hintStaleAfterSubprojectDelete_notFoundAndNoRoute() throws Exception {
        BillingRoute cached = apply(usage("u-1", "1.00"), null).resolvedRoute();
        apply(TestRequests.subprojectDelete("delete", ACCOUNT, subprojectId), null);

        StoreOutcome outcome = apply(usage("u-2", "1.00"), cached);

        assertThat(outcome.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(outcome.hintCheck()).isEqualTo(HintCheck.STALE);
        assertThat(outcome.resolvedRoute()).isNull();
        assertThat(money(firstBilling + ":balance")).isEqualTo("99000000");
    }

    @Test
    void hintNamingAnotherProject_stale() throws Exception {
        BillingRoute forged =
                new BillingRoute(
                        ACCOUNT,
                        "prj-other",
                        subprojectId,
                        secondBilling,
                        "EUR",
                        BillingKind.POSTPAID);

        StoreOutcome outcome = apply(usage("u-1", "1.00"), forged);

        assertThat(outcome.hintCheck()).isEqualTo(HintCheck.STALE);
        assertThat(outcome.resourceJson()).contains("\"billingAccountId\":\"" + firstBilling);
        assertThat(money(secondBilling + ":owed")).isEqualTo("0");
    }

    @Test
    void replayedUsage_repeatsResultWithoutRoute() throws Exception {
        StoreOutcome first = apply(usage("u-1", "1.00"), null);

        StoreOutcome replay = apply(usage("u-1", "1.00"), first.resolvedRoute());

        assertThat(replay.replayed()).isTrue();
        assertThat(replay.hintCheck()).isEqualTo(HintCheck.NO_HINT);
        assertThat(replay.resolvedRoute()).isNull();
        assertThat(replay.resourceJson()).isEqualTo(first.resourceJson());
    }

    private String usage(String requestId, String amount) {
        return TestRequests.usage(requestId, ACCOUNT, subprojectId, amount, "EUR");
    }

    private BillingRoute route(String billingAccountId, BillingKind kind) {
        return new BillingRoute(ACCOUNT, projectId, subprojectId, billingAccountId, "EUR", kind);
    }

    private StoreOutcome apply(String json, BillingRoute hint) throws Exception {
        DecodedRequest decoded = decoder.decode(json.getBytes(StandardCharsets.UTF_8));
        ProvisioningRequest request = ((DecodedRequest.Accepted) decoded).request();
        return store.apply(request, Instant.parse("2026-12-04T10:00:00Z"), hint)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private String money(String field) {
        String value = redis.sync().hget(new AccountKeys(prefix, ACCOUNT).money(), field);
        return value == null ? "0" : value;
    }

    private static List<String> entityIds(StoreOutcome outcome) {
        return outcome.changelog().stream().map(ChangelogEntry::entityId).toList();
    }

    /** Removes the usageId and the balance, the two fields in which two charges differ. */
    private static String withoutIds(String resourceJson) {
        return resourceJson
                .replaceAll("\"usageId\":\"[^\"]*\"", "")
                .replaceAll("\"balance\":\"[^\"]*\"", "");
    }
}
