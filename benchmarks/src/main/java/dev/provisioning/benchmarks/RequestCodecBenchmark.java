package dev.provisioning.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.RequestDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding a usage request with the worker's strict decoder (parse, validate every field,
 * fingerprint) beside a bare Jackson tree parse of the same bytes, in the same run.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && $JAVA_HOME/bin/java -jar
 * benchmarks/target/benchmarks.jar RequestCodecBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestCodecBenchmark {
    private final ObjectMapper mapper = new ObjectMapper();
    private final RequestDecoder decoder = new RequestDecoder();
    private byte[] usageRequest;

    @Setup
    public void buildRequest() {
        usageRequest =
                ("{\"specVersion\":\"1\",\"requestId\":\"meter-7-000042\",\"accountId\":\"acc-123\","
                                + "\"type\":\"usage.record\",\"issuedAt\":\"2026-12-04T10:00:00Z\","
                                + "\"payload\":{\"usageId\":\"u-000042\",\"subprojectId\":"
                                + "\"sub-abcdefghijklmnopqrstuvwxyz\",\"amount\":\"0.0075\","
                                + "\"currency\":\"EUR\",\"quantity\":1,\"product\":\"sms.outbound\"}}")
                        .getBytes(StandardCharsets.UTF_8);
    }

    /** Baseline: parse only, no validation. */
    @Benchmark
    public JsonNode bareJacksonTree() throws IOException {
        return mapper.readTree(usageRequest);
    }

    @Benchmark
    public DecodedRequest strictDecode() {
        return decoder.decode(usageRequest);
    }
}
