package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.FetchMetadata;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RawMessageTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static Connection connection;
    static MeshStore store;

    @BeforeAll
    static void open() throws Exception {
        connection = StoreFixture.connect(nats.url());
        store = StoreFixture.openStore(connection);
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    @Test
    void aTwentyMebibyteRawMessageRoundTrips() {
        // given
        byte[] bytes = new byte[20 * 1024 * 1024];
        new Random(7).nextBytes(bytes);
        RawMessage raw = new RawMessage(Ids.newId(), 0, false, new FetchMetadata(Protocol.IMAP, "INBOX", 1, List.of()));
        // when
        store.rawMessages().putRawMessage(raw, bytes);
        // then
        assertThat(store.rawMessages().rawMessage(raw.id()).size()).isEqualTo(bytes.length);
        assertThat(store.rawMessages().rawMessageBytes(raw.id())).isEqualTo(bytes);
    }

    @Test
    void givenStreamedBytes_whenPut_thenASmallAndALargeRawMessageReadBackWhole() {
        // given a small mail (one NATS message) and a 3 MiB one (the object store, chunk by chunk)
        byte[] small = "Subject: small\r\n\r\nbody\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] large = new byte[3 * 1024 * 1024];
        new Random(11).nextBytes(large);
        RawMessage smallRaw = new RawMessage(Ids.newId(), 0, false, null);
        RawMessage largeRaw = new RawMessage(Ids.newId(), 0, false, null);
        // when
        store.rawMessages().putRawMessage(smallRaw, new java.io.ByteArrayInputStream(small), small.length);
        store.rawMessages().putRawMessage(largeRaw, new java.io.ByteArrayInputStream(large), large.length);
        // then
        assertThat(store.rawMessages().rawMessageBytes(smallRaw.id())).isEqualTo(small);
        assertThat(store.rawMessages().rawMessage(largeRaw.id()).size()).isEqualTo(large.length);
        assertThat(store.rawMessages().rawMessageBytes(largeRaw.id())).isEqualTo(large);
    }

    @Test
    void givenAStreamShorterOrLongerThanAnnounced_whenPut_thenAStoreErrorAndNoRecord() {
        RawMessage shortRaw = new RawMessage(Ids.newId(), 0, false, null);
        RawMessage longRaw = new RawMessage(Ids.newId(), 0, false, null);
        RawMessage shortLarge = new RawMessage(Ids.newId(), 0, false, null);

        assertThatThrownBy(() -> store.rawMessages().putRawMessage(shortRaw,
                new java.io.ByteArrayInputStream(new byte[10]), 20)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.rawMessages().putRawMessage(longRaw,
                new java.io.ByteArrayInputStream(new byte[30]), 20)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.rawMessages().putRawMessage(shortLarge,
                new java.io.ByteArrayInputStream(new byte[2 * 1024 * 1024]), 3L * 1024 * 1024))
                .isInstanceOf(StoreException.class);
        for (RawMessage raw : List.of(shortRaw, longRaw, shortLarge)) {
            assertThatThrownBy(() -> store.rawMessages().rawMessage(raw.id()))
                    .isInstanceOf(RecordNotFoundException.class);
        }
    }

    @Test
    void aRawMessageAboveTheLimitIsAClearError() {
        // given a store limited to 1 KiB
        StoreSettings small = new StoreSettings(1, StoreSettings.Storage.FILE, StoreFixture.KEY, 1024,
                StoreFixture.newPrefix());
        MeshStore limited = JetStreamMeshStore.open(connection, small);
        RawMessage raw = new RawMessage(Ids.newId(), 0, false, null);
        // when / then
        assertThatThrownBy(() -> limited.rawMessages().putRawMessage(raw, new byte[1025]))
                .isInstanceOf(RawMessageTooLargeException.class)
                .hasMessage("raw message too large: 1025 bytes, the limit is 1024 bytes");
        assertThatThrownBy(() -> limited.rawMessages().putRawMessage(raw, new java.io.ByteArrayInputStream(
                new byte[1025]), 1025)).isInstanceOf(RawMessageTooLargeException.class);
        assertThatThrownBy(() -> limited.rawMessages().rawMessage(raw.id()))
                .isInstanceOf(RecordNotFoundException.class);
    }

    @Test
    void aDeletedRawMessageIsGoneWithItsBytes() {
        // given
        RawMessage raw = store.rawMessages().putRawMessage(new RawMessage(Ids.newId(), 0, false, null), new byte[10]);
        // when
        store.rawMessages().deleteRawMessage(raw.id());
        // then
        assertThatThrownBy(() -> store.rawMessages().rawMessageBytes(raw.id()))
                .isInstanceOf(RecordNotFoundException.class);
        assertThatThrownBy(() -> store.rawMessages().rawMessage(raw.id()))
                .isInstanceOf(RecordNotFoundException.class);
    }

    @Test
    void aRawMessageIsMarkedDeliveredAndTheMarkGoesWithIt() {
        // given
        RawMessage raw = store.rawMessages().putRawMessage(new RawMessage(Ids.newId(), 0, false, null), new byte[10]);
        // when
        store.rawMessages().markDelivered(raw.id());
        store.rawMessages().markDelivered(raw.id());
        // then
        assertThat(store.rawMessages().rawMessage(raw.id()).delivered()).isTrue();
        store.rawMessages().deleteRawMessage(raw.id());
        store.rawMessages().putRawMessage(raw, new byte[10]);
        assertThat(store.rawMessages().rawMessage(raw.id()).delivered()).isFalse();
    }

    @Test
    void givenARawMessage_whenMarkedDeliveredWithoutWaiting_thenItReadsDeliveredOnceTheStageCompletes()
            throws Exception {
        // given
        RawMessage raw = store.rawMessages().putRawMessage(new RawMessage(Ids.newId(), 0, false, null), new byte[10]);
        // when
        store.rawMessages().markDeliveredAsync(raw.id()).toCompletableFuture()
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        // then
        assertThat(store.rawMessages().rawMessage(raw.id()).delivered()).isTrue();
    }

    @Test
    void rawMessagesJustUnderAndOverOneNatsMessageRoundTrip() {
        // given sizes around the largest value kept inline (the server's max payload less a margin)
        long maxPayload = connection.getMaxPayload();
        byte[] small = new byte[(int) maxPayload - 4096];
        byte[] large = new byte[(int) maxPayload - 4095];
        new Random(3).nextBytes(small);
        new Random(4).nextBytes(large);
        // when
        RawMessage inline = store.rawMessages().putRawMessage(new RawMessage(Ids.newId(), 0, false, null), small);
        RawMessage chunked = store.rawMessages().putRawMessage(new RawMessage(Ids.newId(), 0, false, null), large);
        // then
        assertThat(store.rawMessages().rawMessageBytes(inline.id())).isEqualTo(small);
        assertThat(store.rawMessages().rawMessageBytes(chunked.id())).isEqualTo(large);
    }
}
