package io.mailmesh.mesh.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.emit.NatsOrderEmitter;
import io.mailmesh.mesh.emit.PublishFailedException;
import io.mailmesh.mesh.runtime.Provisioning;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StreamConfiguration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The byte limits of MESH_ORDERS and MESH_DEADLETTER on a real nats-server. */
class StreamLimitsTest {
    private static final long SMALL = 64 * 1024;

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        connection = Nats.connect(nats.url());
    }

    @AfterEach
    void emptyJetStream() throws Exception {
        connection.close();
        nats.deleteAllStreams();
    }

    @Test
    void givenLimits_whenProvisioning_thenTheStreamsHoldThem() throws Exception {
        Provisioning.run(connection, StoreSettings.defaults(new byte[32]), new StreamLimits(SMALL, 2 * SMALL));

        StreamConfiguration orders = config(DurableTopology.ORDERS_STREAM);
        StreamConfiguration deadLetters = config(DurableTopology.DEAD_LETTER_STREAM);
        assertThat(orders.getMaxBytes()).isEqualTo(SMALL);
        assertThat(orders.getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
        assertThat(deadLetters.getMaxBytes()).isEqualTo(2 * SMALL);
        assertThat(deadLetters.getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
    }

    @Test
    void givenAFullOrdersStream_whenPublishing_thenThePublishIsRefusedAndTheOldOrdersKept() throws Exception {
        new DurableTopology(connection, 1, new StreamLimits(SMALL, SMALL)).provision();
        JetStream jetStream = connection.jetStream();
        byte[] order = new byte[8 * 1024];

        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) { // 800 KiB into 64 KiB: refused long before the end
                jetStream.publish(Routes.CONTACT_ACTION.subject(), order);
            }
        }).isInstanceOf(JetStreamApiException.class).hasMessageContaining("maximum bytes");

        var state = connection.jetStreamManagement().getStreamInfo(DurableTopology.ORDERS_STREAM).getStreamState();
        assertThat(state.getFirstSequence()).as("nothing old was dropped").isEqualTo(1);
        assertThat(state.getByteCount()).isLessThanOrEqualTo(SMALL);
    }

    @Test
    void givenAFullOrdersStream_whenTheEmitterPublishes_thenItReportsTheStreamFull() throws Exception {
        new DurableTopology(connection, 1, new StreamLimits(SMALL, SMALL)).provision();
        NatsOrderEmitter emitter = new NatsOrderEmitter(connection, DeliveryMode.DURABLE, new OrderCodec());
        String padding = "c".repeat(4000);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) { // 400 KiB into 64 KiB
                emitter.publish(Routes.CONTACT_ACTION, ContactOrder.of(OrderType.CONTACT_UPDATE, padding + i, "u1"));
            }
        }).isInstanceOf(PublishFailedException.class).hasMessageContaining("orders stream is full")
                .matches(e -> ((PublishFailedException) e).streamFull());
    }

    @Test
    void givenAnExistingStream_whenProvisioningNewLimits_thenTheStreamIsUpdated() throws Exception {
        Provisioning.run(connection, StoreSettings.defaults(new byte[32]));
        assertThat(config(DurableTopology.ORDERS_STREAM).getMaxBytes())
                .isEqualTo(StreamLimits.DEFAULT_ORDERS_MAX_BYTES);

        Provisioning.run(connection, StoreSettings.defaults(new byte[32]), new StreamLimits(SMALL, SMALL));

        assertThat(config(DurableTopology.ORDERS_STREAM).getMaxBytes()).isEqualTo(SMALL);
        assertThat(config(DurableTopology.DEAD_LETTER_STREAM).getMaxBytes()).isEqualTo(SMALL);
    }

    @Test
    void givenAnExistingStream_whenAnExecutableStartsWithOtherLimits_thenItLeavesTheStreamAsProvisioned()
            throws Exception {
        new DurableTopology(connection, 1, new StreamLimits(SMALL, SMALL)).provision();

        new DurableTopology(connection, 1, StreamLimits.defaults()).ensure();

        assertThat(config(DurableTopology.ORDERS_STREAM).getMaxBytes()).isEqualTo(SMALL);
    }

    @Test
    void givenTheEnvironment_whenReadingLimits_thenDefaultsAndOverrides() {
        assertThat(StreamLimits.from(Map.of())).isEqualTo(StreamLimits.defaults());
        assertThat(StreamLimits.from(Map.of("MESH_ORDERS_MAX_BYTES", "-1", "MESH_DEADLETTER_MAX_BYTES", "4096")))
                .isEqualTo(new StreamLimits(-1, 4096));
        assertThatThrownBy(() -> StreamLimits.from(Map.of("MESH_ORDERS_MAX_BYTES", "1GiB")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MESH_ORDERS_MAX_BYTES");
        assertThatThrownBy(() -> new StreamLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private StreamConfiguration config(String stream) throws Exception {
        return connection.jetStreamManagement().getStreamInfo(stream).getConfiguration();
    }
}
