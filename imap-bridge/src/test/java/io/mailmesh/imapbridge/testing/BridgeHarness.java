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
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String DATE = new MailDateFormat().format(new Date(1_700_000_000_000L));

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
        // a generous startup timeout: on a loaded 2-core machine GreenMail's 2 s default is sometimes too short
        ServerSetup imap = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        ServerSetup imaps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS);
        imap.setServerStartupTimeout(20_000);
        imaps.setServerStartupTimeout(20_000);
        GreenMail greenMail = new GreenMail(new ServerSetup[] {imap, imaps});
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
        String login = "u" + UUID.randomUUID().toString().substring(0, 8);
        String address = login + "@example.org";
        greenMail.setUser(address, login, password);
        return identity(address, login, password, port, security, state);
    }

    /** Another identity, of another mesh user, on the GreenMail account of {@code existing}. */
    public Identity sameAccount(Identity existing, String password) {
        return identity(existing.address(), existing.incoming().username(), password, existing.incoming().port(),
                existing.incoming().security(), null);
    }

    private Identity identity(String address, String login, String password, int port,
            ServerSettings.Security security, SyncState state) {
        String id = "id-" + UUID.randomUUID();
        Identity identity = identities.putIdentity(new Identity(id, "user-" + UUID.randomUUID(), IdentityKind.REMOTE,
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

    /**
     * A plain-text mail of about {@code bodyBytes} with a fresh Message-ID and subject. Parsed from bytes with one
     * shared Session: creating a Session per mail and letting saveChanges() build headers costs milliseconds a mail,
     * which made delivering a benchmark mailbox of 10,000 mails take minutes.
     */
    public static MimeMessage mail(String to, int bodyBytes) throws Exception {
        String head = "From: sender@example.net\r\n"
                + "To: " + new InternetAddress(to).toString() + "\r\n"
                + "Subject: mail " + UUID.randomUUID() + "\r\n"
                + "Date: " + DATE + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@example.net>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] body = body(Math.max(1, bodyBytes));
        byte[] bytes = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, bytes, headBytes.length, body.length);
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    /** {@code size} bytes of 'x' in lines of at most 76 characters plus CRLF (a valid 7bit body). */
    private static byte[] body(int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (i % 78 == 76 ? '\r' : i % 78 == 77 ? '\n' : 'x');
        }
        return out;
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
