package dev.provisioning.worker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.ProvisioningResult;
import dev.provisioning.worker.account.EntityIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On one partition, each account's requests are applied in log order while different accounts are
 * applied concurrently.
 */
class OrderingIT {
    private static final int ACCOUNTS = 40;
    private static final int RENAMES = 25;

    private WorkerHarness harness;

    @BeforeEach
    void startWorker() throws Exception {
        harness = new WorkerHarness().set("PROVISIONING_TOPIC_PARTITIONS", "1").startWorker();
    }

    @AfterEach
    void stopWorker() throws Exception {
        harness.close();
    }

    @Test
    void renames_onePartition_versionsFollowLogOrderPerAccount() {
        for (int account = 0; account < ACCOUNTS; account++) {
            String id = "order-" + account;
            harness.send(id, TestRequests.signUp("signup-" + id, id, "PREPAID", "EUR"));
        }
        for (int rename = 1; rename <= RENAMES; rename++) {
            for (int account = 0; account < ACCOUNTS; account++) {
                String id = "order-" + account;
                String project = EntityIds.project(id, "signup-" + id);
                harness.send(
                        id,
                        TestRequests.projectRename(
                                id + "-rename-" + rename, id, project, "v" + rename));
            }
        }
        harness.flush();

        List<ConsumerRecord<byte[], byte[]>> records =
                harness.awaitResults(ACCOUNTS * (RENAMES + 1), Duration.ofSeconds(90));

        Map<String, List<ProvisioningResult>> byAccount = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ProvisioningResult result = harness.decode(record);
            if (result.type().equals("project.update")) {
                byAccount.computeIfAbsent(result.accountId(), a -> new ArrayList<>()).add(result);
            }
        }
        assertThat(byAccount).hasSize(ACCOUNTS);
        for (List<ProvisioningResult> results : byAccount.values()) {
            for (int i = 0; i < results.size(); i++) {
                ProvisioningResult result = results.get(i);
                assertThat(result.requestId()).endsWith("-rename-" + (i + 1));
                assertThat(result.resource().get("version").asInt()).isEqualTo(i + 2);
                assertThat(result.resource().get("displayName").asText()).isEqualTo("v" + (i + 1));
            }
        }
        assertThat(accountsOverlapInTime(byAccount)).isTrue();
    }

    /** Tells whether some two accounts had requests decided within each other's time span. */
    private static boolean accountsOverlapInTime(Map<String, List<ProvisioningResult>> byAccount) {
        List<Instant[]> spans = new ArrayList<>();
        for (List<ProvisioningResult> results : byAccount.values()) {
            spans.add(
                    new Instant[] {
                        results.get(0).processedAt(), results.get(results.size() - 1).processedAt()
                    });
        }
        for (int a = 0; a < spans.size(); a++) {
            for (int b = a + 1; b < spans.size(); b++) {
                if (spans.get(a)[0].isBefore(spans.get(b)[1])
                        && spans.get(b)[0].isBefore(spans.get(a)[1])) {
                    return true;
                }
            }
        }
        return false;
    }
}
