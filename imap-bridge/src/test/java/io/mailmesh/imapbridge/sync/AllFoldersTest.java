package io.mailmesh.imapbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.testing.Await;
import io.mailmesh.imapbridge.testing.BridgeHarness;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.model.FetchMetadata;
import io.mailmesh.mesh.store.model.FolderState;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.SyncState;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Routes;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A GreenMail account with INBOX, Sent, Archive, Trash, Junk, Drafts and a nested folder, synced whole. */
class AllFoldersTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> FOLDERS = List.of("Sent", "Archive", "Trash", "Junk", "Drafts", "Projects",
            "Projects.2026");

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static BridgeHarness bridge;

    @BeforeAll
    static void start() throws Exception {
        bridge = BridgeHarness.start(nats.url(), ImapSettings.defaults());
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    /** Creates the folders and puts one mail in each (and INBOX); returns Message-ID by folder. */
    private static Map<String, String> mailbox(Identity identity) throws Exception {
        ImapHostManager host = bridge.greenMail.getManagers().getImapHostManager();
        GreenMailUser user = bridge.user(identity);
        Map<String, String> ids = new HashMap<>();
        ids.put("INBOX", bridge.deliver(identity, 1, 200).get(0));
        for (String name : FOLDERS) {
            MailFolder folder = host.createMailbox(user, name);
            MimeMessage m = BridgeHarness.mail(identity.address(), 200);
            folder.appendMessage(m, new Flags(), new Date());
            ids.put(name, m.getMessageID());
        }
        return ids;
    }

    private static void sync(Identity identity) {
        bridge.publish(Routes.IMAP_FETCHER, RemoteOrder.of(OrderType.SYNC, identity.id(), identity.userId()));
    }

    private static SyncState state(Identity identity) {
        return bridge.identities.identity(identity.id()).syncState();
    }

    @Test
    void syncCoversEverySelectableFolderExceptTrashJunkAndDraftsWithUidValidityPerFolder() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        Map<String, String> ids = mailbox(identity);

        // when
        sync(identity);

        // then
        List<String> synced = List.of("INBOX", "Sent", "Archive", "Projects", "Projects.2026");
        Await.until(WAIT, "every folder synced", () -> synced.stream()
                .allMatch(f -> state(identity).folder(f).lastSeenUid() == 1));
        Await.until(WAIT, "mails handed over", () -> bridge.mq.kept(identity.userId())
                .containsAll(synced.stream().map(ids::get).toList()));
        assertThat(bridge.mq.kept(identity.userId())).doesNotContain(ids.get("Trash"), ids.get("Junk"),
                ids.get("Drafts"));
        assertThat(state(identity).folders()).containsOnlyKeys(synced);
        ImapHostManager host = bridge.greenMail.getManagers().getImapHostManager();
        for (String f : List.of("Sent", "Archive", "Projects.2026")) {
            FolderState folder = state(identity).folder(f);
            assertThat(folder.uidValidity()).as(f).isEqualTo(host.getFolder(bridge.user(identity), f)
                    .getUidValidity());
        }
    }

    @Test
    void theSentFolderIsHandedOverMarkedAsTheSentFolderAndNoOtherIs() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        Map<String, String> ids = mailbox(identity);

        // when
        sync(identity);

        // then: the raw message of the Sent mail carries its folder marked as the Sent folder (mq-worker imports
        // it as sent whatever its From); another folder's is not marked
        Await.until(WAIT, "the Sent and Archive folders synced", () -> state(identity).folder("Sent")
                .lastSeenUid() == 1 && state(identity).folder("Archive").lastSeenUid() == 1);
        RawMessageStore raw = bridge.runtime.get(RawMessageStore.class);
        FetchMetadata sent = raw.rawMessage(InboundHandoff.rawMessageId(identity.id(), "Sent",
                state(identity).folder("Sent").uidValidity(), 1)).fetch();
        FetchMetadata archive = raw.rawMessage(InboundHandoff.rawMessageId(identity.id(), "Archive",
                state(identity).folder("Archive").uidValidity(), 1)).fetch();
        assertThat(sent.folder()).isEqualTo("Sent");
        assertThat(sent.sentFolder()).isTrue();
        assertThat(archive.folder()).isEqualTo("Archive");
        assertThat(archive.sentFolder()).isFalse();
        assertThat(bridge.mq.kept(identity.userId())).contains(ids.get("Sent"));
    }

    @Test
    void anIdentitySkippingNothingSyncsTrashJunkAndDraftsToo() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        bridge.identities.updateIdentity(identity.id(), i -> i.withServers(i.incoming().withSkipFolders(List.of()),
                i.outgoing()));
        Map<String, String> ids = mailbox(identity);

        // when
        sync(identity);

        // then
        Await.until(WAIT, "every mail handed over", () -> bridge.mq.kept(identity.userId())
                .containsAll(ids.values()));
    }

    @Test
    void anIdentitySkippingNamedFoldersAndASpecialUseSyncsTheRest() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        bridge.identities.updateIdentity(identity.id(), i -> i.withServers(i.incoming()
                .withSkipFolders(List.of("Projects.2026", "\\Sent")), i.outgoing()));
        Map<String, String> ids = mailbox(identity);

        // when
        sync(identity);

        // then
        List<String> synced = List.of("INBOX", "Archive", "Trash", "Junk", "Drafts", "Projects");
        Await.until(WAIT, "the chosen folders handed over", () -> bridge.mq.kept(identity.userId())
                .containsAll(synced.stream().map(ids::get).toList()));
        Await.until(WAIT, "the sync finished", () -> state(identity).lastSync() != null);
        assertThat(bridge.mq.kept(identity.userId())).doesNotContain(ids.get("Sent"), ids.get("Projects.2026"));
        assertThat(state(identity).folders()).containsOnlyKeys(synced);
    }
}
