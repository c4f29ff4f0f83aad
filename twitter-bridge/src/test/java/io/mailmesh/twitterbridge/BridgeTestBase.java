package io.mailmesh.twitterbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.StoreModule;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.testing.TestStore;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.twitterbridge.account.AccountRegistry;
import io.mailmesh.twitterbridge.fake.FakeTwitter;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One real nats-server, one fake Twitter API, the bridge under test, and a stand-in for mq-worker answering
 * process_inbound on inboundTwitter, shared by the tests of a class. Each test works on its own user and identity.
 */
abstract class BridgeTestBase {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static final Duration WAIT = Duration.ofSeconds(10);
    /** Short worker leases, so a test sees a dead owner's identities taken over in seconds. */
    static final Duration WORKER_LEASE = Duration.ofSeconds(3);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong TWITTER_IDS = new AtomicLong(100);

    static FakeTwitter twitter;
    static MeshRuntime bridge;
    /** The modules {@link #bridge} was built from, for a test that starts another instance. */
    static com.google.inject.Module[] bridgeModules;
    static MeshRuntime mqWorker;
    static Connection observer;
    static MeshStore store;
    static final List<MessageOrder> inbound = new CopyOnWriteArrayList<>();
    static final List<JsonNode> identityOrders = new CopyOnWriteArrayList<>();
    static volatile boolean inboundFails;

    /** A Twitter identity of a fresh user, known to the fake API. */
    record Account(String userId, String identityId, String screenName, long twitterId, String token) {
    }

    @BeforeAll
    static void startMesh() throws Exception {
        twitter = new FakeTwitter();
        StoreSettings storeSettings = TestStore.settings(StoreSettings.Storage.MEMORY, "tw_");
        AbstractModule storeModule = new AbstractModule() {
            @Override
            protected void configure() {
                install(new StoreModule());
                bind(StoreSettings.class).toInstance(storeSettings);
            }
        };
        TwitterSettings settings = TwitterSettings.of(twitter.apiUrl(), "consumer-key", "consumer-secret")
                .withInboundTimeout(Duration.ofSeconds(5)).withWorkerLease(WORKER_LEASE);
        bridge = MeshApp.start(MeshConfig.forTests("twitter-bridge", nats.url()), storeModule,
                new TwitterBridgeModule(settings));
        bridgeModules = new com.google.inject.Module[] {storeModule, new TwitterBridgeModule(settings)};
        store = bridge.get(MeshStore.class);
        mqWorker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()), TestWorkers.handlers(
                HandlerBinding.of(Routes.INBOUND_TWITTER, OrderType.PROCESS_INBOUND, MessageOrder.class,
                        (order, ctx) -> {
                            if (inboundFails) {
                                return Reply.failure("store_failed", "test asked process_inbound to fail");
                            }
                            inbound.add(order);
                            return Reply.ok("processed", Map.of("message_id", order.messageId(),
                                    "discussion_id", "d-" + order.messageId()));
                        })));
        observer = Nats.connect(nats.url());
        Dispatcher dispatcher = observer.createDispatcher(msg -> {
            try {
                identityOrders.add(JSON.readTree(msg.getData()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        dispatcher.subscribe(Routes.IDENTITIES.subject());
        observer.flush(WAIT);
    }

    @AfterAll
    static void stopMesh() throws Exception {
        if (observer != null) {
            observer.close();
        }
        if (mqWorker != null) {
            mqWorker.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (twitter != null) {
            twitter.close();
        }
        inbound.clear();
        identityOrders.clear();
        inboundFails = false;
    }

    static Account newAccount(String screenName) {
        return newAccount(screenName, 15);
    }

    static Account newAccount(String screenName, int pollIntervalMinutes) {
        String userId = "u-" + UUID.randomUUID();
        String identityId = "i-" + UUID.randomUUID();
        long twitterId = TWITTER_IDS.incrementAndGet();
        String token = "token-" + UUID.randomUUID().toString().replace("-", "");
        store.identities().putIdentity(new Identity(identityId, userId, IdentityKind.REMOTE, Protocol.TWITTER,
                screenName, screenName, null, null, pollIntervalMinutes, IdentityStatus.ACTIVE, null));
        store.identities().putCredentials(identityId, Credentials.twitter(token, "token-secret", null, null));
        twitter.addAccount(screenName, twitterId, token);
        return new Account(userId, identityId, screenName, twitterId, token);
    }

    /** A Twitter user that is not one of our identities. */
    static long newTwitterUser(String screenName) {
        long id = TWITTER_IDS.incrementAndGet();
        twitter.addUser(screenName, id);
        return id;
    }

    static Reply request(Order order) throws Exception {
        return emitter().request(Routes.TWITTER_DM, order, WAIT);
    }

    static Reply sync(Account account) throws Exception {
        return request(RemoteOrder.of(OrderType.SYNC, account.identityId(), account.userId()));
    }

    static OrderEmitter emitter() {
        return mqWorker.get(OrderEmitter.class);
    }

    static AccountRegistry registry() {
        return bridge.get(AccountRegistry.class);
    }

    static Identity identity(Account account) {
        return store.identities().identity(account.identityId());
    }

    static List<MessageOrder> inboundFor(Account account) {
        return inbound.stream().filter(o -> o.remoteId().equals(account.identityId())).toList();
    }

    static List<JsonNode> identityOrdersFor(Account account, String order) {
        return identityOrders.stream().filter(o -> o.path("identity_id").asText().equals(account.identityId())
                && o.path("order").asText().equals(order)).toList();
    }

    static JsonNode rawJson(String rawMessageId) throws java.io.IOException {
        return JSON.readTree(store.rawMessages().rawMessageBytes(rawMessageId));
    }

    static String dmIdOf(MessageOrder order) throws java.io.IOException {
        return rawJson(order.messageId()).path("id").asText();
    }
}
