package io.mailmesh.mesh.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.ConcurrentUpdateException;
import io.mailmesh.mesh.store.InvalidIdException;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A handler lets store failures go; the runtime answers each with its one code. */
class StoreFailuresTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private final OrderCodec codec = new OrderCodec();

    private Message ask(Supplier<RuntimeException> failure) throws Exception {
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()),
                TestWorkers.handlers(HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND,
                        MessageOrder.class, (order, ctx) -> {
                            throw failure.get();
                        })));
             Connection client = Nats.connect(nats.url())) {
            return client.request("inboundSMTP", ("{\"order\":\"process_inbound\",\"message_id\":\"m1\","
                    + "\"remote_id\":\"r\",\"user_id\":\"u\"}").getBytes(), Duration.ofSeconds(10));
        }
    }

    @Test
    void eachStoreFailureIsAnsweredWithItsOneCodeAndStatus() throws Exception {
        // given handlers failing with each kind of store failure
        Map<Supplier<RuntimeException>, String> expected = Map.of(
                () -> new RecordNotFoundException("message", "m1"), "not_found|404",
                () -> new InvalidIdException("message", "bad id"), "invalid_id|400",
                () -> new ConcurrentUpdateException("message", "m1", 5), "concurrent_update|409",
                () -> new StoreException("bucket mesh_messages: timeout"), "store_unavailable|503");
        for (Map.Entry<Supplier<RuntimeException>, String> e : expected.entrySet()) {
            // when the order is sent
            Message answer = ask(e.getKey());

            // then the reply carries the failure's code, and the status says whether to retry
            Reply reply = codec.decodeReply(answer.getData());
            assertThat(reply.code() + "|" + answer.getHeaders().getFirst("Nats-Service-Error-Code"))
                    .isEqualTo(e.getValue());
        }
    }

    @Test
    void aStoreThatFailedIsReportedWithoutItsInternals() throws Exception {
        // when the store fails with a message naming a bucket
        Reply reply = codec.decodeReply(ask(() -> new StoreException("bucket mesh_credentials: timeout")).getData());

        // then the reply asks to retry and does not repeat it
        assertThat(reply.code()).isEqualTo("store_unavailable");
        assertThat(reply.message()).doesNotContain("mesh_credentials");
    }
}
