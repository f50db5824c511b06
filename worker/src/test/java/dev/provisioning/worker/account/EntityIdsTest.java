package dev.provisioning.worker.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.contracts.FieldReader;
import org.junit.jupiter.api.Test;

class EntityIdsTest {

    @Test
    void project_sameRequest_sameId() {
        assertThat(EntityIds.project("acc-1", "req-1"))
                .isEqualTo(EntityIds.project("acc-1", "req-1"));
    }

    @Test
    void project_otherAccountSameRequestId_otherId() {
        assertThat(EntityIds.project("acc-1", "req-1"))
                .isNotEqualTo(EntityIds.project("acc-2", "req-1"));
    }

    @Test
    void ids_ofOneRequest_differByKind() {
        assertThat(EntityIds.project("a", "r")).isNotEqualTo(EntityIds.subproject("a", "r"));
        assertThat(EntityIds.billingAccount("a", "r").substring(3))
                .isNotEqualTo(EntityIds.project("a", "r").substring(4));
    }

    @Test
    void ids_shorterThan64AndValidIds() {
        String id = EntityIds.subproject("x".repeat(128), "y".repeat(128));

        assertThat(id).hasSizeLessThan(64);
        assertThat(FieldReader.ID.matcher(id).matches()).isTrue();
    }
}
