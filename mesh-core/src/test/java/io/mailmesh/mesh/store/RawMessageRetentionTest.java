package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.model.FetchMetadata;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Raw messages are aged out once imported and delivered, and only then. */
class RawMessageRetentionTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static Connection connection;

    @BeforeAll
    static void open() throws Exception {
        connection = StoreFixture.connect(nats.url());
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    private static RawMessage inbound() {
        return new RawMessage(Ids.newId(), 0, false, new FetchMetadata(Protocol.IMAP, "INBOX", 1, List.of()));
    }

    @Test
    void givenDeliveredAndUndeliveredRawMessagesWhenTheRetentionHasPassedThenOnlyTheDeliveredOnesAreDeleted() {
        // given: a small one kept inline, a large one in the object store, both delivered; one not delivered yet;
        // and a sent mail stored as delivered without the mark
        MeshStore store = StoreFixture.openStore(connection);
        RawMessage small = store.rawMessages().putRawMessage(inbound(), new byte[100]);
        RawMessage large = store.rawMessages().putRawMessage(inbound(), new byte[3 * 1024 * 1024]);
        RawMessage pending = store.rawMessages().putRawMessage(inbound(), new byte[100]);
        RawMessage sent = store.rawMessages().putRawMessage(new RawMessage(Ids.newId(), 0, true, null), new byte[50]);
        store.rawMessages().markDelivered(small.id());
        store.rawMessages().markDelivered(large.id());
        Clock oneDayLater = Clock.fixed(Instant.now().plus(Duration.ofDays(1)), ZoneOffset.UTC);
        RawMessageRetention retention = new RawMessageRetention(store.rawMessages(), Duration.ofHours(12),
                oneDayLater);

        // when
        int deleted = retention.sweep();

        // then
        assertThat(deleted).isEqualTo(2);
        for (RawMessage gone : new RawMessage[] {small, large}) {
            assertThatThrownBy(() -> store.rawMessages().rawMessage(gone.id()))
                    .isInstanceOf(RecordNotFoundException.class);
            assertThatThrownBy(() -> store.rawMessages().rawMessageBytes(gone.id()))
                    .isInstanceOf(RecordNotFoundException.class);
        }
        assertThat(store.rawMessages().rawMessageBytes(pending.id())).hasSize(100);
        assertThat(store.rawMessages().rawMessageBytes(sent.id())).hasSize(50);
        assertThat(retention.sweep()).as("a second sweep finds nothing more").isZero();
    }

    @Test
    void givenARecentDeliveryWhenSweptThenItIsKeptUntilTheRetentionHasPassed() {
        // given
        MeshStore store = StoreFixture.openStore(connection);
        RawMessage raw = store.rawMessages().putRawMessage(inbound(), new byte[100]);
        store.rawMessages().markDelivered(raw.id());

        // when
        int now = new RawMessageRetention(store.rawMessages(), Duration.ofHours(12), Clock.systemUTC()).sweep();
        int keptForever = new RawMessageRetention(store.rawMessages(), null,
                Clock.fixed(Instant.now().plus(Duration.ofDays(3650)), ZoneOffset.UTC)).sweep();

        // then
        assertThat(now).isZero();
        assertThat(keptForever).isZero();
        assertThat(store.rawMessages().rawMessage(raw.id()).delivered()).isTrue();
    }

    @Test
    void givenTheSettingWhenParsedThenMinusOneKeepsAndOtherNegativesAreRefused() {
        assertThat(RawMessageRetention.parse(-1)).isNull();
        assertThat(RawMessageRetention.parse(0)).isEqualTo(Duration.ZERO);
        assertThat(RawMessageRetention.parse(168)).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> RawMessageRetention.parse(-2)).hasMessageContaining(RawMessageRetention.VARIABLE);
        assertThat(new RawMessageRetention(null, Duration.ZERO, Clock.systemUTC()).period())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(new RawMessageRetention(null, Duration.ofDays(7), Clock.systemUTC()).period())
                .isEqualTo(Duration.ofHours(1));
    }
}
