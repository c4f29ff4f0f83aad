package io.mailmesh.mqworker.testing;

import com.google.inject.AbstractModule;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.StoreModule;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.testing.TestStore;
import io.mailmesh.mesh.store.model.FetchMetadata;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.mesh.store.model.User;
import io.mailmesh.mqworker.MqWorkerModule;
import io.mailmesh.mqworker.MqWorkerSettings;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A running mq-worker (MeshApp.start) on a test nats-server, with store seeding helpers. */
public final class Worker implements AutoCloseable {
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final MeshRuntime runtime;

    private Worker(MeshRuntime runtime) {
        this.runtime = runtime;
    }

    public static Worker start(String natsUrl) throws Exception {
        return start(natsUrl, MqWorkerSettings.defaults());
    }

    public static Worker start(String natsUrl, MqWorkerSettings settings) throws Exception {
        return start(natsUrl, settings, StoreSettings.Storage.MEMORY);
    }

    /** A worker whose store keeps its buckets in {@code storage} (tests use memory; production defaults to file). */
    public static Worker start(String natsUrl, MqWorkerSettings settings, StoreSettings.Storage storage)
            throws Exception {
        StoreSettings store = TestStore.settings(storage, "t_");
        return new Worker(MeshApp.start(MeshConfig.forTests("mq-worker", natsUrl), new AbstractModule() {
            @Override
            protected void configure() {
                install(new StoreModule());
                bind(StoreSettings.class).toInstance(store);
            }
        }, new MqWorkerModule(settings)));
    }

    public MeshStore store() {
        return runtime.get(MeshStore.class);
    }

    public OrderEmitter emitter() {
        return runtime.get(OrderEmitter.class);
    }

    public MeshRuntime runtime() {
        return runtime;
    }

    /** A new user without a contact of their own. */
    public String newUser() {
        return store().users().putUser(new User(Ids.newId(), "Test User", null)).id();
    }

    /** A remote identity of {@code userId}. */
    public String newIdentity(String userId, Protocol protocol, String address) {
        return store().identities().putIdentity(new Identity(Ids.newId(), userId, IdentityKind.REMOTE, protocol,
                address, null, null, null, 15, IdentityStatus.ACTIVE, null)).id();
    }

    public String storeRaw(byte[] bytes) {
        return store().rawMessages().putRawMessage(new RawMessage(Ids.newId(), 0, false, null), bytes).id();
    }

    /** A raw message stored as imap-bridge stores what it fetched. */
    public String storeRaw(String text, FetchMetadata fetch) {
        return store().rawMessages().putRawMessage(new RawMessage(Ids.newId(), 0, false, fetch),
                text.getBytes(StandardCharsets.UTF_8)).id();
    }

    public String storeRaw(String text) {
        return storeRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Requests process_inbound on inboundSMTP and waits for the reply. */
    public Reply inboundEmail(String userId, String identityId, String rawId) throws Exception {
        return emitter().request(Routes.INBOUND_SMTP, MessageOrder.processInbound(rawId, identityId, userId),
                REQUEST_TIMEOUT);
    }

    /** Requests process_inbound on inboundTwitter and waits for the reply. */
    public Reply inboundTwitter(String userId, String identityId, String rawId) throws Exception {
        return emitter().request(Routes.INBOUND_TWITTER, MessageOrder.processInbound(rawId, identityId, userId),
                REQUEST_TIMEOUT);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
