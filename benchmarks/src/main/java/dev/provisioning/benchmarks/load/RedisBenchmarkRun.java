package dev.provisioning.benchmarks.load;

import dev.provisioning.contracts.DecodedRequest;
import dev.provisioning.contracts.ProvisioningRequest;
import dev.provisioning.contracts.RequestDecoder;
import dev.provisioning.worker.account.AccountKeys;
import dev.provisioning.worker.account.ApplyScript;
import dev.provisioning.worker.account.Limits;
import dev.provisioning.worker.account.ScriptArguments;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * B2: {@code redis-benchmark} (shipped with redis-server) running the worker's own apply script by
 * EVALSHA with the keys and arguments the worker builds for a usage record, pipelined, against the
 * loopback Redis of the run. It runs as a child process with a bounded request count and a
 * deadline, and is stopped through its own process handle if it overruns.
 *
 * <p>The requestId and usageId become {@code __rand_int__} placeholders, which redis-benchmark
 * replaces by a random 12-digit number on every call, so each call charges a new usage record
 * instead of replaying an earlier one.
 */
final class RedisBenchmarkRun {
    private static final Logger log = LoggerFactory.getLogger(RedisBenchmarkRun.class);
    private static final String EXECUTABLE = "redis-benchmark";
    private static final String REQUEST_ID = "b2-000000000000";
    private static final String USAGE_ID = "b2u-000000000000";

    /**
     * What one run measured.
     *
     * @param opsPerSecond EVALSHA calls per second that redis-benchmark reported
     * @param p50Millis median latency of one call as redis-benchmark reported it
     * @param p99Millis 99th percentile latency of one call
     * @param charged how many calls charged a usage record (counted in Redis before and after)
     * @param command the command line, for the report
     */
    record Outcome(
            double opsPerSecond,
            double p50Millis,
            double p99Millis,
            long requests,
            long charged,
            String command) {}

    private RedisBenchmarkRun() {}

    static Outcome run(
            RedisCommands<String, String> redis,
            int port,
            String keyPrefix,
            Workload.Account account,
            long requests,
            int clients,
            int pipeline,
            Duration deadline)
            throws IOException, InterruptedException {
        ApplyScript script = ApplyScript.load();
        redis.scriptLoad(script.source());
        String subprojectId = account.subprojectIds.get(0);
        ProvisioningRequest request = usageRequest(account, subprojectId);
        List<String> keys =
                new AccountKeys(keyPrefix, account.id)
                        .scriptKeys(REQUEST_ID, ScriptArguments.usageId(request));
        String[] args = ScriptArguments.of(request, Instant.now(), Limits.DEFAULTS, null);

        List<String> command = new ArrayList<>();
        command.addAll(
                List.of(
                        EXECUTABLE,
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-c",
                        Integer.toString(clients),
                        "-P",
                        Integer.toString(pipeline),
                        "-n",
                        Long.toString(requests),
                        "-r",
                        "1000000000",
                        "--csv",
                        "evalsha",
                        script.sha1(),
                        Integer.toString(keys.size())));
        keys.forEach(key -> command.add(withPlaceholders(key)));
        for (String arg : args) {
            command.add(withPlaceholders(arg));
        }

        String countField = subprojectId + ":usage:" + account.currency + ":count";
        String moneyKey = new AccountKeys(keyPrefix, account.id).money();
        long before = parseLong(redis.hget(moneyKey, countField));
        String output = runProcess(command, deadline);
        long after = parseLong(redis.hget(moneyKey, countField));
        return parse(output, requests, after - before, String.join(" ", summary(command)));
    }

    private static ProvisioningRequest usageRequest(Workload.Account account, String subprojectId) {
        String json =
                """
                {"specVersion":"1","requestId":"%s","accountId":"%s","type":"usage.record",\
                "issuedAt":"2026-12-04T10:00:00Z","payload":{"usageId":"%s",\
                "subprojectId":"%s","amount":"0.0075","currency":"%s","quantity":1,\
                "product":"sms.outbound"}}"""
                        .formatted(
                                REQUEST_ID, account.id, USAGE_ID, subprojectId, account.currency);
        DecodedRequest decoded = new RequestDecoder().decode(json.getBytes(StandardCharsets.UTF_8));
        if (!(decoded instanceof DecodedRequest.Accepted accepted)) {
            throw new IllegalStateException("B2 template request was not accepted: " + decoded);
        }
        return accepted.request();
    }

    private static String withPlaceholders(String text) {
        return text.replace(USAGE_ID, "b2u-__rand_int__").replace(REQUEST_ID, "b2-__rand_int__");
    }

    private static String runProcess(List<String> command, Duration deadline)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        log.info("redis-benchmark started pid={}", process.pid());
        byte[][] output = new byte[1][];
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                output[0] = process.getInputStream().readAllBytes();
                            } catch (IOException e) {
                                output[0] = ("reading output failed: " + e).getBytes();
                            }
                        },
                        "redis-benchmark-output");
        reader.start();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    "redis-benchmark did not finish within " + deadline.toSeconds() + " s");
        }
        reader.join(5_000);
        String text = output[0] == null ? "" : new String(output[0], StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "redis-benchmark exited with " + process.exitValue() + ": " + text.strip());
        }
        return text;
    }

    /** Parses the CSV line after the header: "test","rps","avg","min","p50","p95","p99","max". */
    static Outcome parse(String output, long requests, long charged, String command) {
        for (String line : output.split("\r?\n")) {
            String[] fields = line.replace("\"", "").split(",");
            if (fields.length >= 7 && !fields[0].equals("test")) {
                try {
                    return new Outcome(
                            Double.parseDouble(fields[1]),
                            Double.parseDouble(fields[4]),
                            Double.parseDouble(fields[6]),
                            requests,
                            charged,
                            command);
                } catch (NumberFormatException e) {
                    // not the result line; keep looking
                }
            }
        }
        throw new IllegalStateException("redis-benchmark printed no CSV result line: " + output);
    }

    private static List<String> summary(List<String> command) {
        int shown = command.indexOf("evalsha") + 3;
        List<String> head = new ArrayList<>(command.subList(0, Math.min(shown, command.size())));
        head.add("<9 keys and 16 arguments of a usage.record>");
        return head;
    }

    private static long parseLong(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
