package io.mailmesh.imapbridge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailmesh.imapbridge.ImapBridgeModule;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshBindings;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.StoreModule;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.testing.TestStore;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.ServerSettings;
import io.mailmesh.mesh.store.model.SyncState;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.Route;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A running imap-bridge against a real nats-server and GreenMail IMAP over sockets, with a fake mq-worker on
 * inboundSMTP and a recorder of the orders emitted on identitiesWorker.
 */
public final class BridgeHarness implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final GreenMail greenMail;
    public final MeshRuntime runtime;
    public final FakeMqWorker mq;
    public final IdentityStore identities;
    public final List<Map<String, String>> identityOrders = new CopyOnWriteArrayList<>();
    private final Dispatcher observer;

    private BridgeHarness(GreenMail greenMail, MeshRuntime runtime) {
        this.greenMail = greenMail;
        this.runtime = runtime;
        this.mq = runtime.get(FakeMqWorker.class);
        this.identities = runtime.get(IdentityStore.class);
        Connection connection = runtime.get(Connection.class);
        this.observer = connection.createDispatcher(msg -> {
            try {
                @SuppressWarnings("unchecked")
                Map<String, String> order = JSON.readValue(msg.getData(), Map.class);
                identityOrders.add(order);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        observer.subscribe("identitiesWorker");
    }

    /** Starts GreenMail (IMAP and IMAPS on free ports) and the bridge with {@code extra} test handlers. */
    public static BridgeHarness start(String natsUrl, ImapSettings settings, Class<?>... extraHandlers)
            throws Exception {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS)});
        greenMail.start();
        Module test = new AbstractModule() {
            @Override
            protected void configure() {
                bind(StoreSettings.class).toInstance(TestStore.settings(StoreSettings.Storage.MEMORY, "t_"));
                MeshBindings.handlers(binder()).addBinding().to(FakeMqWorker.class);
                for (Class<?> extra : extraHandlers) {
                    @SuppressWarnings("unchecked")
                    Class<? extends HandlerSet> h = (Class<? extends HandlerSet>) extra;
                    MeshBindings.handlers(binder()).addBinding().to(h);
                }
            }
        };
        MeshRuntime runtime = MeshApp.start(MeshConfig.forTests("imap-bridge", natsUrl), new StoreModule(),
                new ImapBridgeModule(settings), test);
        return new BridgeHarness(greenMail, runtime);
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    public int imapsPort() {
        return greenMail.getImaps().getPort();
    }

    /** A GreenMail account and the matching remote identity (plain IMAP on {@code port}). */
    public Identity newAccount(String password, int port, ServerSettings.Security security, SyncState state) {
        String id = "id-" + UUID.randomUUID();
        String login = "u" + UUID.randomUUID().toString().substring(0, 8);
        String address = login + "@example.org";
        greenMail.setUser(address, login, password);
        Identity identity = identities.putIdentity(new Identity(id, "user-" + login, IdentityKind.REMOTE,
                Protocol.IMAP, address, null, new ServerSettings("127.0.0.1", port, security, login,
                        ServerSettings.Auth.PASSWORD), null, 15, IdentityStatus.ACTIVE, state));
        identities.putCredentials(id, Credentials.password(password));
        return identity;
    }

    public Identity newAccount(String password) {
        return newAccount(password, imapPort(), ServerSettings.Security.NONE, null);
    }

    public GreenMailUser user(Identity identity) {
        return greenMail.getUserManager().getUser(identity.incoming().username());
    }

    /** Delivers {@code count} mails of about {@code bodyBytes} each to the identity's INBOX; returns Message-IDs. */
    public List<String> deliver(Identity identity, int count, int bodyBytes) throws Exception {
        GreenMailUser user = user(identity);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MimeMessage m = mail(identity.address(), bodyBytes);
            user.deliver(m);
            ids.add(m.getMessageID());
        }
        return ids;
    }

    public static MimeMessage mail(String to, int bodyBytes) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("sender@example.net"));
        m.setRecipients(MimeMessage.RecipientType.TO, to);
        m.setSubject("mail " + UUID.randomUUID());
        m.setSentDate(new Date(1_700_000_000_000L));
        m.setText("x".repeat(Math.max(1, bodyBytes)));
        m.setHeader("Message-ID", "<" + UUID.randomUUID() + "@example.net>");
        m.saveChanges();
        m.setHeader("Message-ID", m.getHeader("Message-ID", null));
        return m;
    }

    public void publish(Route route, Order order) {
        runtime.get(OrderEmitter.class).publish(route, order);
    }

    /** Orders seen on identitiesWorker for an identity, of one kind. */
    public List<Map<String, String>> identityOrders(String identityId, String order) {
        return identityOrders.stream().filter(o -> identityId.equals(o.get("identity_id"))
                && order.equals(o.get("order"))).toList();
    }

    @Override
    public void close() {
        runtime.close();
        greenMail.stop();
    }
}
