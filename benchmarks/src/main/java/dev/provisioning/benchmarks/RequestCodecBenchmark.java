package dev.provisioning.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.contracts.ResultCodec;
import dev.provisioning.contracts.ResultStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
 * The JSON work of one usage request beside bare Jackson in the same run: the worker's strict
 * decoder (parse, validate every field, fingerprint) against a bare tree parse, and that decode
 * plus the encoding of the request's result against a bare Jackson round trip (parse and write) of
 * the same request and result bytes.
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
    private final ResultCodec codec = new ResultCodec();
    private byte[] usageRequest;
    private byte[] usageResult;
    private ProvisioningResult result;
    private String resourceJson;

    @Setup
    public void buildRequest() {
        usageRequest =
                ("{\"specVersion\":\"1\",\"requestId\":\"meter-7-000042\",\"accountId\":\"acc-123\","
                                + "\"type\":\"usage.record\",\"issuedAt\":\"2026-12-04T10:00:00Z\","
                                + "\"payload\":{\"usageId\":\"u-000042\",\"subprojectId\":"
                                + "\"sub-abcdefghijklmnopqrstuvwxyz\",\"amount\":\"0.0075\","
                                + "\"currency\":\"EUR\",\"quantity\":1,\"product\":\"sms.outbound\"}}")
                        .getBytes(StandardCharsets.UTF_8);
        resourceJson =
                "{\"usageId\":\"u-000042\",\"accountId\":\"acc-123\",\"projectId\":"
                        + "\"prj-abcdefghijklmnopqrstuvwxyz\",\"subprojectId\":"
                        + "\"sub-abcdefghijklmnopqrstuvwxyz\",\"billingAccountId\":"
                        + "\"ba-abcdefghijklmnopqrstuvwxyz\",\"kind\":\"PREPAID\",\"currency\":"
                        + "\"EUR\",\"amount\":\"0.0075\",\"quantity\":1,\"product\":"
                        + "\"sms.outbound\",\"balance\":\"99.9925\",\"owed\":\"0.00\"}";
        result =
                new ProvisioningResult(
                        "1",
                        "meter-7-000042",
                        "acc-123",
                        "usage.record",
                        ResultStatus.SUCCEEDED,
                        ResultCode.OK,
                        null,
                        "usage charged to billing account ba-abcdefghijklmnopqrstuvwxyz",
                        List.of(),
                        null,
                        Instant.parse("2026-12-04T10:00:00.123Z"));
        usageResult = codec.encode(result, resourceJson);
    }

    /** Baseline: parse and write the request bytes and the result bytes with bare Jackson. */
    @Benchmark
    public int bareJacksonRoundTrip() throws IOException {
        byte[] request = mapper.writeValueAsBytes(mapper.readTree(usageRequest));
        byte[] answer = mapper.writeValueAsBytes(mapper.readTree(usageResult));
        return request.length + answer.length;
    }

    /** The worker's JSON work per usage request: strict decode, then the result's encoding. */
    @Benchmark
    public int decodeAndEncodeResult() {
        DecodedRequest decoded = decoder.decode(usageRequest);
        byte[] answer = codec.encode(result, resourceJson);
        return answer.length + (decoded instanceof DecodedRequest.Accepted ? 1 : 0);
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
