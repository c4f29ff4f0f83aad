package io.mailmesh.imapbridge.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.testing.BridgeHarness;
import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.NatsServerExtension;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fetch batch is bounded in bytes, and a mail over the per-mail bound is passed over without being fetched. */
class BoundedFetchTest {
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

    @Test
    void givenMailsOfMixedSizesWhenFetchedInBatchesThenNoBatchExceedsItsBytesAndTheHugeMailIsPassedOver()
            throws Exception {
        // given: 10 mails of ~10 KiB, one of ~300 KiB in the middle
        Identity identity = bridge.newAccount("secret");
        bridge.deliver(identity, 5, 10_000);
        bridge.deliver(identity, 1, 300_000);
        bridge.deliver(identity, 5, 10_000);
        ImapConnector connector = new ImapConnector(ImapSettings.defaults(), OutboundGuard.parse("loopback"));
        try (Store store = connector.open(identity, Credentials.password("secret"))) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            long[] uids = FolderReader.uidsFrom(inbox, 1);
            assertThat(uids).hasSize(11);

            // when: at most 100 mails or 35,000 bytes per batch, 100,000 bytes per mail
            List<FolderReader.Batch> batches = new ArrayList<>();
            for (int start = 0; start < uids.length; ) {
                FolderReader.Batch batch = FolderReader.fetchBatch(inbox, uids, start, 100, 35_000, 100_000);
                batches.add(batch);
                start = batch.end();
            }

            // then
            assertThat(batches).allSatisfy(b -> assertThat(b.mails().stream().mapToLong(m -> m.bytes().length)
                    .sum()).isLessThanOrEqualTo(35_000));
            assertThat(batches.stream().flatMap(b -> b.mails().stream()).map(FetchedMail::uid))
                    .hasSize(10).doesNotContain(uids[5]).isSorted();
            assertThat(batches.stream().flatMap(b -> b.oversized().stream())).containsExactly(uids[5]);
            assertThat(batches.get(batches.size() - 1).end()).isEqualTo(uids.length);
            inbox.close(false);
        }
    }

    @Test
    void givenOneMailLargerThanTheBatchBoundButWithinTheMailBoundWhenFetchedThenItMakesABatchOfItsOwn()
            throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        bridge.deliver(identity, 1, 10_000);
        bridge.deliver(identity, 1, 50_000);
        ImapConnector connector = new ImapConnector(ImapSettings.defaults(), OutboundGuard.parse("loopback"));
        try (Store store = connector.open(identity, Credentials.password("secret"))) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            long[] uids = FolderReader.uidsFrom(inbox, 1);

            // when
            FolderReader.Batch first = FolderReader.fetchBatch(inbox, uids, 0, 100, 20_000, 100_000);
            FolderReader.Batch second = FolderReader.fetchBatch(inbox, uids, first.end(), 100, 20_000, 100_000);

            // then
            assertThat(first.mails()).extracting(FetchedMail::uid).containsExactly(uids[0]);
            assertThat(second.mails()).extracting(FetchedMail::uid).containsExactly(uids[1]);
            assertThat(second.mails().get(0).bytes().length).isGreaterThan(50_000);
            assertThat(second.end()).isEqualTo(2);
            inbox.close(false);
        }
    }
}
