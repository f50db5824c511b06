package dev.provisioning.benchmarks;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.worker.account.EntityIds;
import dev.provisioning.worker.account.InMemoryAccountStore;
import dev.provisioning.worker.account.Limits;
import dev.provisioning.worker.account.StoreOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule evaluation of {@code usage.record} and {@code subproject.create} in the plain Java rules
 * ({@link InMemoryAccountStore}, the same rules the Redis script applies), beside a baseline that
 * does the bare bookkeeping of a charge in a {@link HashMap}: look up the route, check and debit
 * the balance, add to three totals.
 *
 * <p>Each invocation applies a request with a new requestId to a store prepared in setup, so the
 * measured work includes the idempotency bookkeeping. The store grows by one remembered outcome per
 * call; the iterations are short enough for that not to matter.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && $JAVA_HOME/bin/java -jar
 * benchmarks/target/benchmarks.jar RuleEvaluationBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RuleEvaluationBenchmark {
    private static final String ACCOUNT = "acc-bench";
    private static final Limits LIMITS = new Limits(20, 1_000, 10_000_000, Duration.ofDays(7));

    private final RequestDecoder decoder = new RequestDecoder();
    private InMemoryAccountStore store;
    private ProvisioningRequest[] usages;
    private ProvisioningRequest[] creates;
    private int next;
    private final Instant now = Instant.parse("2026-12-04T10:00:00Z");

    private String subprojectId;
    private final Map<String, String> routes = new HashMap<>();
    private final Map<String, long[]> money = new HashMap<>();

    @Setup(Level.Iteration)
    public void prepareAccount() {
        store = new InMemoryAccountStore(LIMITS);
        String project = EntityIds.project(ACCOUNT, "signup");
        String billing = EntityIds.billingAccount(ACCOUNT, "signup");
        apply(signUp());
        apply(
                envelope(
                        "credit",
                        "billing-account.credit",
                        "{\"billingAccountId\":\""
                                + billing
                                + "\",\"amount\":\"900000000\","
                                + "\"currency\":\"EUR\"}"));
        apply(
                envelope(
                        "client",
                        "subproject.create",
                        "{\"parentProjectId\":\"" + project + "\",\"displayName\":\"Client\"}"));
        String subproject = EntityIds.subproject(ACCOUNT, "client");
        subprojectId = subproject;
        // Enough distinct requests for one iteration of one second at 2 us per call or more, so
        // that no call is a cheaper repeat of an earlier requestId.
        int count = 1 << 19;
        usages = new ProvisioningRequest[count];
        creates = new ProvisioningRequest[count];
        for (int i = 0; i < count; i++) {
            usages[i] =
                    decode(
                            envelope(
                                    "u-" + i,
                                    "usage.record",
                                    "{\"usageId\":\"u-"
                                            + i
                                            + "\",\"subprojectId\":\""
                                            + subproject
                                            + "\",\"amount\":\"0.0075\",\"currency\":\"EUR\"}"));
            creates[i] =
                    decode(
                            envelope(
                                    "c-" + i,
                                    "subproject.create",
                                    "{\"parentProjectId\":\""
                                            + project
                                            + "\",\"displayName\":\"Client "
                                            + i
                                            + "\",\"externalRef\":\"client-"
                                            + i
                                            + "\"}"));
        }
        next = 0;
        routes.put(subproject, billing);
        money.put(billing, new long[] {900_000_000_000_000L, 0});
        money.put(subproject, new long[] {0, 0});
        money.put(project, new long[] {0, 0});
    }

    /** Baseline: the charge's bookkeeping in plain maps, without any rule or idempotency. */
    @Benchmark
    public long bareChargeBookkeeping() {
        String subproject = subprojectId;
        String billing = routes.get(subproject);
        long[] funds = money.get(billing);
        if (funds[0] < 7_500) {
            return -1;
        }
        funds[0] -= 7_500;
        funds[1] += 7_500;
        money.get(subproject)[1] += 7_500;
        return funds[0];
    }

    @Benchmark
    public StoreOutcome usageRecord() {
        return store.apply(usages[next++ & (usages.length - 1)], now, null).result();
    }

    @Benchmark
    public StoreOutcome subprojectCreate() {
        return store.apply(creates[next++ & (creates.length - 1)], now, null).result();
    }

    private void apply(String document) {
        store.apply(decode(document), now, null);
    }

    private ProvisioningRequest decode(String document) {
        DecodedRequest decoded = decoder.decode(document.getBytes(StandardCharsets.UTF_8));
        if (decoded instanceof DecodedRequest.Accepted accepted) {
            return accepted.request();
        }
        throw new IllegalStateException("benchmark request is invalid: " + decoded);
    }

    private static String signUp() {
        return envelope(
                "signup",
                "account.create",
                "{\"displayName\":\"Bench\",\"billingAccount\":{\"kind\":\"PREPAID\","
                        + "\"currency\":\"EUR\",\"payer\":{\"name\":\"Bench Ltd\","
                        + "\"address\":\"1 Street\",\"taxId\":\"T-1\"}}}");
    }

    private static String envelope(String requestId, String type, String payload) {
        return "{\"specVersion\":\"1\",\"requestId\":\""
                + requestId
                + "\",\"accountId\":\""
                + ACCOUNT
                + "\",\"type\":\""
                + type
                + "\",\"issuedAt\":\"2026-12-04T10:00:00Z\","
                + "\"payload\":"
                + payload
                + "}";
    }
}
