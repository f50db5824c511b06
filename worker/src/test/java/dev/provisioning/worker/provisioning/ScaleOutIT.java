package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.contracts.ResultCode;
import dev.provisioning.worker.bootstrap.WorkerApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several workers on one consumer group share the partitions; one joins and one leaves while
 * requests flow, and every request is still answered, with any repeat identical to the first.
 */
class ScaleOutIT {
    private static final int ACCOUNTS = 12;
    private static final int CLIENTS_PER_ACCOUNT = 250;

    private WorkerHarness harness;

    @BeforeEach
    void startFirstWorker() throws Exception {
        harness = new WorkerHarness().startWorker();
    }

    @AfterEach
    void stopWorkers() throws Exception {
        harness.close();
    }

    @Test
    void workerJoinsAndLeavesMidStream_everyRequestAnsweredOnceInState() throws Exception {
        harness.signUpAccounts("tenant", ACCOUNTS);
        harness.onboardClients("tenant", ACCOUNTS, 0, CLIENTS_PER_ACCOUNT / 2);

        WorkerApp second = harness.startAnotherWorker();
        harness.onboardClients("tenant", ACCOUNTS, CLIENTS_PER_ACCOUNT / 2, CLIENTS_PER_ACCOUNT);
        second.close();
        int expected = ACCOUNTS * (1 + CLIENTS_PER_ACCOUNT);
        List<ConsumerRecord<byte[], byte[]>> records =
                harness.awaitResults(expected, Duration.ofSeconds(120));
        records = harness.drainResults(Duration.ofSeconds(2));

        Map<String, Set<String>> answersByRequest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ProvisioningResult result = harness.decode(record);
            answersByRequest
                    .computeIfAbsent(result.requestId(), id -> new HashSet<>())
                    .add(new String(record.value(), StandardCharsets.UTF_8));
            assertThat(result.code()).isEqualTo(ResultCode.OK);
        }
        assertThat(answersByRequest).hasSize(expected);
        assertThat(answersByRequest.values()).allMatch(distinct -> distinct.size() == 1);
        for (int account = 0; account < ACCOUNTS; account++) {
            String key = harness.key("tenant-" + account, "subprojects");
            assertThat(harness.redis.sync().zcard(key)).isEqualTo(CLIENTS_PER_ACCOUNT);
        }
    }
}
