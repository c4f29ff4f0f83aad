package io.mailmesh.imapbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.icegreen.greenmail.store.MailFolder;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.testing.Await;
import io.mailmesh.imapbridge.testing.BridgeHarness;
import io.mailmesh.imapbridge.testing.TcpProxy;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.model.FolderState;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.ServerSettings;
import io.mailmesh.mesh.store.model.SyncState;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Routes;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SyncTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static BridgeHarness bridge;

    @BeforeAll
    static void start() throws Exception {
        bridge = BridgeHarness.start(nats.url(), ImapSettings.defaults().withBatchSize(100)
                .withSyncBudget(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private static void sync(Identity identity) {
        bridge.publish(Routes.IMAP_FETCHER, RemoteOrder.of(OrderType.SYNC, identity.id(), identity.userId()));
    }

    private static long lastSeenUid(Identity identity, String folder) {
        return bridge.identities.identity(identity.id()).syncState().folder(folder).lastSeenUid();
    }

    @Test
    void initialSyncHandsOverAThousandMailsWithoutMarkingThemSeen() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        List<String> ids = bridge.deliver(identity, 1_000, 2_000);
        MailFolder inbox = bridge.greenMail.getManagers().getImapHostManager().getInbox(bridge.user(identity));

        // when
        sync(identity);

        // then
        Await.until(WAIT, "1000 mails handed over", () -> bridge.mq.kept(identity.userId()).size() == 1_000);
        assertThat(bridge.mq.kept(identity.userId())).containsExactlyInAnyOrderElementsOf(ids);
        Await.until(WAIT, "last seen UID committed", () -> lastSeenUid(identity, "INBOX") == inbox.getUIDNext() - 1);
        assertThat(inbox.getMessages()).allSatisfy(m -> assertThat(m.getFlags().contains(Flags.Flag.SEEN)).isFalse());
        assertThat(bridge.identities.identity(identity.id()).syncState().uidValidity())
                .isEqualTo(inbox.getUidValidity());
    }

    @Test
    void importedMailsAreMarkedDeliveredAndOneMqWorkerRefusedIsNot() throws Exception {
        // given three mails, mq-worker refusing the second one for good
        Identity identity = bridge.newAccount("secret");
        List<String> ids = bridge.deliver(identity, 3, 500);
        bridge.mq.failOnceOn(ids.get(1), "unreadable_message");
        MailFolder inbox = bridge.greenMail.getManagers().getImapHostManager().getInbox(bridge.user(identity));
        RawMessageStore raw = bridge.runtime.get(RawMessageStore.class);

        // when
        sync(identity);

        // then the imported ones are marked delivered, the refused one (passed over) is not
        Await.until(WAIT, "sync committed", () -> lastSeenUid(identity, "INBOX") == 3);
        List<Boolean> delivered = new ArrayList<>();
        for (long uid = 1; uid <= 3; uid++) {
            delivered.add(raw.rawMessage(InboundHandoff.rawMessageId(identity.id(), "INBOX", inbox.getUidValidity(),
                    uid)).delivered());
        }
        assertThat(delivered).containsExactly(true, false, true);
    }

    @Test
    void incrementalSyncFetchesOnlyNewMail() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        bridge.deliver(identity, 30, 500);
        sync(identity);
        Await.until(WAIT, "first sync", () -> lastSeenUid(identity, "INBOX") == 30);
        List<String> fresh = bridge.deliver(identity, 5, 500);

        // when
        sync(identity);

        // then
        Await.until(WAIT, "second sync", () -> lastSeenUid(identity, "INBOX") == 35);
        assertThat(bridge.mq.calls(identity.userId())).isEqualTo(35);
        assertThat(bridge.mq.kept(identity.userId())).containsAll(fresh).hasSize(35);
    }

    @Test
    void uidValidityChangeFetchesTheFolderAgainWithoutDuplicateMessages() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret", bridge.imapPort(), ServerSettings.Security.NONE,
                SyncState.INITIAL.withFolder("Archive", FolderState.EMPTY));
        var host = bridge.greenMail.getManagers().getImapHostManager();
        var user = bridge.user(identity);
        MailFolder archive = host.createMailbox(user, "Archive");
        List<MimeMessage> mails = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            MimeMessage m = BridgeHarness.mail(identity.address(), 300);
            mails.add(m);
            archive.appendMessage(m, new Flags(), new Date());
        }
        sync(identity);
        Await.until(WAIT, "first sync", () -> lastSeenUid(identity, "Archive") == 20);
        long oldValidity = archive.getUidValidity();
        MailFolder[] holder = new MailFolder[1];
        Await.until(WAIT, "a new UIDVALIDITY", () -> {
            try {
                host.getFolder(user, "Archive").deleteAllMessages();
                host.deleteMailbox(user, "Archive");
                holder[0] = host.createMailbox(user, "Archive");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return holder[0].getUidValidity() != oldValidity;
        });
        MailFolder recreated = holder[0];
        assertThat(recreated.getMessageCount()).isZero();
        mails.add(BridgeHarness.mail(identity.address(), 300));
        for (MimeMessage m : mails) {
            recreated.appendMessage(m, new Flags(), new Date());
        }

        // when
        sync(identity);

        // then
        Await.until(WAIT, "refetch at the new UIDVALIDITY", () -> bridge.identities.identity(identity.id())
                .syncState().folder("Archive").uidValidity() == recreated.getUidValidity()
                && lastSeenUid(identity, "Archive") == 21);
        assertThat(bridge.mq.calls(identity.userId())).isEqualTo(41);
        assertThat(bridge.mq.kept(identity.userId())).hasSize(21);
    }

    @Test
    void syncAfterAServerOutageMidSyncCompletesWithoutLossOrDuplicate() throws Exception {
        // given
        try (TcpProxy proxy = new TcpProxy(bridge.imapPort())) {
            Identity identity = bridge.newAccount("secret", proxy.port(), ServerSettings.Security.NONE, null);
            // batches of 100, one fetched ahead: the outage hits while mails 101-200 are handed over and 201-300
            // are fetched, so fetching 301-400 meets it
            List<String> ids = bridge.deliver(identity, 500, 500);
            CountDownLatch stalled = bridge.mq.stallOn(ids.get(150));
            sync(identity);
            assertThat(stalled.await(30, TimeUnit.SECONDS)).isTrue();

            // when
            proxy.stop();
            bridge.mq.release();
            Await.until(WAIT, "the outage recorded", () -> bridge.identities.identity(identity.id()).syncState()
                    .errorCount() == 1);
            long committed = lastSeenUid(identity, "INBOX");
            proxy.start();
            sync(identity);

            // then
            Await.until(WAIT, "every mail handed over", () -> lastSeenUid(identity, "INBOX") == 500);
            assertThat(committed).isBetween(151L, 499L);
            assertThat(bridge.mq.kept(identity.userId())).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(new HashSet<>(ids)).hasSize(500);
            assertThat(bridge.identities.identity(identity.id()).syncState().errorCount()).isZero();
        }
    }

    @Test
    void retryableRefusalMidBatchCommitsUpToTheMailBeforeItAndTheNextSyncResumesThere() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        List<String> ids = bridge.deliver(identity, 300, 500);
        bridge.mq.failOnceOn(ids.get(150), "store_unavailable");
        MailboxSync mailboxSync = bridge.runtime.get(MailboxSync.class);
        RemoteOrder order = RemoteOrder.of(OrderType.SYNC, identity.id(), identity.userId());
        OrderContext ctx = new OrderContext(Routes.IMAP_FETCHER, "c1", 1, bridge.runtime.get(OrderEmitter.class));

        // when
        Throwable refused = catchThrowable(() -> mailboxSync.run(order, ctx));

        // then: mails 152-200 may have been handed over, but nothing past 150 is committed, although 201-300
        // were already fetched ahead
        assertThat(refused).isInstanceOf(OrderFailedException.class).hasMessageContaining("UID 151");
        assertThat(lastSeenUid(identity, "INBOX")).isEqualTo(150);
        assertThat(bridge.mq.calls(identity.userId())).isBetween(151, 200);
        mailboxSync.run(order, ctx);
        assertThat(lastSeenUid(identity, "INBOX")).isEqualTo(300);
        assertThat(bridge.mq.kept(identity.userId())).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void wrongPasswordRecordsTheErrorAndEmitsADoubledInterval() {
        // given
        Identity identity = bridge.newAccount("secret");
        bridge.identities.putCredentials(identity.id(),
                io.mailmesh.mesh.store.model.Credentials.password("wrong"));

        // when
        sync(identity);

        // then
        Await.until(WAIT, "update_interval", () -> !bridge.identityOrders(identity.id(), "update_interval")
                .isEmpty());
        Map<String, String> order = bridge.identityOrders(identity.id(), "update_interval").get(0);
        assertThat(order).containsEntry("poll_intervall", "30").containsEntry("protocol", "imap")
                .containsEntry("user_id", identity.userId());
        SyncState state = bridge.identities.identity(identity.id()).syncState();
        assertThat(state.errorCount()).isEqualTo(1);
        assertThat(state.firstErrorAt()).isNotNull();
        assertThat(state.lastError()).startsWith("authentication").doesNotContain("wrong");
    }

    @Test
    void seventyTwoHoursOfFailuresMakeTheIdentityInactive() {
        // given
        Identity identity = bridge.newAccount("secret");
        Instant longAgo = Instant.now().minus(Duration.ofHours(73));
        bridge.identities.updateSyncState(identity.id(), s -> s.withError("authentication: refused", longAgo));
        bridge.identities.putCredentials(identity.id(),
                io.mailmesh.mesh.store.model.Credentials.password("wrong"));

        // when
        sync(identity);

        // then
        Await.until(WAIT, "update_identity", () -> !bridge.identityOrders(identity.id(), "update_identity")
                .isEmpty());
        assertThat(bridge.identities.identity(identity.id()).status()).isEqualTo(IdentityStatus.INACTIVE);
        assertThat(bridge.identityOrders(identity.id(), "update_interval").get(0))
                .containsEntry("poll_intervall", "60");
    }

    @Test
    void successAfterFailuresClearsTheErrorStateAndRestoresTheInterval() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        bridge.identities.updateSyncState(identity.id(), s -> s.withError("connection: refused", Instant.now()));
        bridge.deliver(identity, 3, 100);

        // when
        sync(identity);

        // then
        Await.until(WAIT, "restored interval", () -> !bridge.identityOrders(identity.id(), "update_interval")
                .isEmpty());
        assertThat(bridge.identityOrders(identity.id(), "update_interval").get(0))
                .containsEntry("poll_intervall", "15");
        SyncState state = bridge.identities.identity(identity.id()).syncState();
        assertThat(state.errorCount()).isZero();
        assertThat(state.lastError()).isNull();
        assertThat(state.lastSync()).isNotNull();
    }

    @Test
    void untrustedCertificateIsRefusedWithoutFallingBackToAnUnverifiedConnection() {
        // given
        Identity identity = bridge.newAccount("secret", bridge.imapsPort(), ServerSettings.Security.TLS, null);

        // when
        sync(identity);

        // then
        Await.until(WAIT, "the failure recorded", () -> bridge.identities.identity(identity.id()).syncState()
                .errorCount() == 1);
        assertThat(bridge.identities.identity(identity.id()).syncState().lastError()).startsWith("connection");
        assertThat(bridge.mq.calls(identity.userId())).isZero();
    }

    @Test
    void fullfetchFetchesEverythingAgainWithoutMovingTheLastSeenUidBack() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        bridge.deliver(identity, 10, 100);
        sync(identity);
        Await.until(WAIT, "first sync", () -> lastSeenUid(identity, "INBOX") == 10);

        // when
        bridge.publish(Routes.IMAP_FETCHER, RemoteOrder.of(OrderType.FULLFETCH, identity.id(), identity.userId()));

        // then
        Await.until(WAIT, "refetch", () -> bridge.mq.calls(identity.userId()) == 20);
        assertThat(bridge.mq.kept(identity.userId())).hasSize(10);
        assertThat(lastSeenUid(identity, "INBOX")).isEqualTo(10);
        // counted once the batch's hand-over returns, which may be just after the last mail reached mq-worker
        Await.until(WAIT, "the fullfetch's mails counted", () -> bridge.runtime
                .get(io.micrometer.core.instrument.MeterRegistry.class).get("mesh.imap.sync.mails")
                .tag("kind", "fullfetch").counter().count() >= 10);
    }
}
