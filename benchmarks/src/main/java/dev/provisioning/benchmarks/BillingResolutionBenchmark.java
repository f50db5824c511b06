package dev.provisioning.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.provisioning.contracts.payload.BillingKind;
import dev.provisioning.worker.billing.BillingRoute;
import dev.provisioning.worker.billing.BillingRoutes;
import dev.provisioning.worker.billing.HintCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A near-cache hit for a usage record ({@link BillingRoutes#lookup}: one Caffeine lookup, the
 * account check and the hit counter) beside a bare {@code ConcurrentHashMap.get} and a bare
 * Caffeine {@code getIfPresent} over the same keys, in the same run.
 *
 * <p>Every map contains {@code size} subproject routes of 1,000 accounts. Lookups use copies of the
 * stored id strings, as a decoded request would, in an order drawn at random once per trial.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && $JAVA_HOME/bin/java -jar
 * benchmarks/target/benchmarks.jar 'BillingResolutionBenchmark' -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class BillingResolutionBenchmark {
    private static final int ACCOUNTS = 1_000;
    private static final int LOOKUP_ORDER_LENGTH = 1 << 20;

    @Param({"10000", "1000000"})
    int size;

    private BillingRoutes routes;
    private ConcurrentHashMap<String, BillingRoute> map;
    private Cache<String, BillingRoute> caffeine;
    private String[] lookupAccountIds;
    private String[] lookupSubprojectIds;
    private int[] lookupOrder;
    private int next;

    @Setup(Level.Trial)
    public void fillMaps() {
        routes = new BillingRoutes(size, new SimpleMeterRegistry());
        map = new ConcurrentHashMap<>(size * 2);
        caffeine = Caffeine.newBuilder().maximumSize(size).build();
        lookupAccountIds = new String[size];
        lookupSubprojectIds = new String[size];
        for (int i = 0; i < size; i++) {
            String accountId = "acc-" + (i % ACCOUNTS);
            String subprojectId = String.format("sub-%026d", i);
            BillingRoute route =
                    new BillingRoute(
                            accountId,
                            "prj-" + (i % ACCOUNTS),
                            subprojectId,
                            "ba-" + (i % ACCOUNTS),
                            "EUR",
                            BillingKind.PREPAID);
            routes.afterCharge(subprojectId, HintCheck.NO_HINT, route);
            map.put(subprojectId, route);
            caffeine.put(subprojectId, route);
            lookupAccountIds[i] = new String(accountId);
            lookupSubprojectIds[i] = new String(subprojectId);
        }
        lookupOrder = new SplittableRandom(42).ints(LOOKUP_ORDER_LENGTH, 0, size).toArray();
    }

    private int nextIndex() {
        return lookupOrder[next++ & (LOOKUP_ORDER_LENGTH - 1)];
    }

    /** Baseline: a bare concurrent hash map. */
    @Benchmark
    public BillingRoute concurrentHashMapGet() {
        return map.get(lookupSubprojectIds[nextIndex()]);
    }

    /** Baseline: a bare bounded Caffeine cache. */
    @Benchmark
    public BillingRoute caffeineGetIfPresent() {
        return caffeine.getIfPresent(lookupSubprojectIds[nextIndex()]);
    }

    @Benchmark
    public BillingRoute routeLookupHit() {
        int index = nextIndex();
        return routes.lookup(lookupAccountIds[index], null, lookupSubprojectIds[index]);
    }
}
