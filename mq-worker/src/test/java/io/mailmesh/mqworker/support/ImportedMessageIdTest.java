package io.mailmesh.mqworker.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.MessageStore;
import org.junit.jupiter.api.Test;

/** The id of an imported message is the one earlier versions gave it, so re-imports of old mail still de-duplicate. */
class ImportedMessageIdTest {
    @Test
    void theStoresIdForAMessageIdIsTheStableIdMqWorkerAlwaysUsed() {
        // given a Message-ID as the parser gives it (without angle brackets)
        String messageId = "CAF=abc.123@mail.example.org";
        // when
        String id = MessageStore.idForExternalId("u-1", messageId);
        // then
        assertThat(id).isEqualTo(StableIds.of("e", "u-1", messageId))
                .isEqualTo(MessageStore.idForExternalId("u-1", "<" + messageId + ">"));
    }
}
