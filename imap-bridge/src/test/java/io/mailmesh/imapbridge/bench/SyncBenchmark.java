package io.mailmesh.imapbridge.bench;

import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.folders.ListedFolder;
import io.mailmesh.imapbridge.imap.FetchedMail;
import io.mailmesh.imapbridge.sync.InboundHandoff;
import io.mailmesh.imapbridge.sync.MailboxSync;
import io.mailmesh.imapbridge.testing.BridgeHarness;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.NatsServer;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * On-demand benchmark (not run by {@code mvn verify}): initial sync of N mails of about 10 KiB against a raw
 * Angus Mail fetch loop of the same mailbox in the same run, and the time of a sync with no new mail for a box of
 * 100 and of N mails. Run:
 * {@code ./mvnw -q -o -pl imap-bridge test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.mailmesh.imapbridge.bench.SyncBenchmark -Dexec.args=10000}
 *
 * <p>Both sides fetch in batches of {@value #FETCH_BATCH}: GreenMail answers every FETCH command in time quadratic
 * in the size of the mailbox (each message's sequence number is found by copying and scanning the folder's UID
 * list), about 3 s a command at 10,000 mails, so the number of commands sets the pace of both sides. After a
 * warm-up of both on a box of 1,000, raw and bridge alternate twice on the same box (the bridge as two identities
 * of the same account); the ratio is total raw time over total bridge time. The hand-over alone (no IMAP: store,
 * process_inbound, commit) is measured too, since GreenMail's cost hides it in the ratio.
 */
public final class SyncBenchmark {
    static final int FETCH_BATCH = 1_000;
    private static final int NAIVE_BOX = 300;
    private static final ListedFolder INBOX = new ListedFolder("INBOX", true, Optional.empty());

    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (NatsServer nats = new NatsServer()) {
            nats.start();
            try (BridgeHarness bridge = BridgeHarness.start(nats.url(), ImapSettings.defaults()
                    .withBatchSize(FETCH_BATCH).withSyncBudget(Duration.ofHours(1)))) {
                long s0 = System.nanoTime();
                Identity big = bridge.newAccount("secret");
                bridge.deliver(big, count, 10 * 1024);
                Identity warm = bridge.newAccount("secret");
                bridge.deliver(warm, Math.min(count, 1_000), 10 * 1024);
                Identity naive = bridge.newAccount("secret");
                bridge.deliver(naive, NAIVE_BOX, 10 * 1024);
                Identity small = bridge.newAccount("secret");
                bridge.deliver(small, 100, 10 * 1024);
                System.out.printf("setup: %d + %d + %d + 100 mails delivered in %.1f s%n", count,
                        Math.min(count, 1_000), NAIVE_BOX, (System.nanoTime() - s0) / 1e9);

                bulkLoop(bridge, warm, Math.min(count, 1_000));
                initialSync(bridge, warm, Math.min(count, 1_000));
                double naiveSeconds = rawLoop(bridge, naive, NAIVE_BOX);
                double[] raw = new double[2];
                double[] synced = new double[2];
                for (int round = 0; round < 2; round++) {
                    raw[round] = bulkLoop(bridge, big, count);
                    synced[round] = initialSync(bridge, round == 0 ? big : bridge.sameAccount(big, "secret"),
                            count);
                    System.out.printf("round %d: raw %.2f s, bridge %.2f s%n", round + 1, raw[round],
                            synced[round]);
                }
                double handoffSeconds = handoffOnly(bridge, count);
                sync(bridge, small);
                double noNewSmall = median(bridge, small);
                double noNewBig = median(bridge, big);
                double rawTotal = raw[0] + raw[1];
                double bridgeTotal = synced[0] + synced[1];
                System.out.printf("naive Angus loop (writeTo per message, box of %d): %.0f msg/s%n", NAIVE_BOX,
                        NAIVE_BOX / naiveSeconds);
                System.out.printf("raw Angus bulk fetch (FETCH BODY.PEEK[] in batches of %d, no storing): "
                        + "%d mails in %.2f s = %.0f msg/s (mean of 2)%n", FETCH_BATCH, count, rawTotal / 2,
                        2 * count / rawTotal);
                System.out.printf("imap-bridge initial sync (batches of %d): %d mails in %.2f s = %.0f msg/s "
                        + "(stored + process_inbound + committed; mean of 2)%n", FETCH_BATCH, count,
                        bridgeTotal / 2, 2 * count / bridgeTotal);
                System.out.printf("ratio bridge/raw: %.2f%n", rawTotal / bridgeTotal);
                System.out.printf("hand-over alone (no IMAP; store + process_inbound + commit per batch of %d): "
                        + "%.0f msg/s%n", FETCH_BATCH, count / handoffSeconds);
                System.out.printf("sync with no new mail: 100 mails %.1f ms, %d mails %.1f ms (median of 20)%n",
                        noNewSmall * 1000, count, noNewBig * 1000);
            }
        }
    }

    private static double initialSync(BridgeHarness bridge, Identity identity, int count) throws Exception {
        long t0 = System.nanoTime();
        Reply r = sync(bridge, identity);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (bridge.mq.kept(identity.userId()).size() != count) {
            throw new IllegalStateException("bridge handed over " + bridge.mq.kept(identity.userId()).size()
                    + ": " + r);
        }
        return seconds;
    }

    /** The bridge's hand-over of {@code count} mails already in memory, as the sync does it, batch by batch. */
    private static double handoffOnly(BridgeHarness bridge, int count) throws Exception {
        Identity identity = bridge.newAccount("secret");
        List<FetchedMail> mails = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BridgeHarness.mail(identity.address(), 10 * 1024).writeTo(out);
            mails.add(new FetchedMail(i + 1, List.of(), out.toByteArray()));
        }
        InboundHandoff handoff = bridge.runtime.get(InboundHandoff.class);
        OrderEmitter emitter = bridge.runtime.get(OrderEmitter.class);
        long t0 = System.nanoTime();
        for (int start = 0; start < count; start += FETCH_BATCH) {
            List<FetchedMail> batch = mails.subList(start, Math.min(count, start + FETCH_BATCH));
            InboundHandoff.Outcome outcome = handoff.handOver(identity, INBOX, 1, batch, emitter);
            if (outcome.failure() != null) {
                throw new IllegalStateException(outcome.failure());
            }
            bridge.identities.updateSyncState(identity.id(), st -> st.withUid(1, outcome.lastHandedOverUid()));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Reply sync(BridgeHarness bridge, Identity identity) throws Exception {
        OrderEmitter emitter = bridge.runtime.get(OrderEmitter.class);
        return bridge.runtime.get(MailboxSync.class).run(RemoteOrder.of(OrderType.SYNC, identity.id(),
                identity.userId()), new OrderContext(Routes.IMAP_FETCHER, "bench", 1, emitter));
    }

    private static double median(BridgeHarness bridge, Identity identity) throws Exception {
        double[] times = new double[20];
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            sync(bridge, identity);
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        java.util.Arrays.sort(times);
        return times[times.length / 2];
    }

    /** The fastest plain-library fetch: batched UID FETCH of whole messages through Angus, nothing stored. */
    private static double bulkLoop(BridgeHarness bridge, Identity identity, int count) throws Exception {
        Properties props = new Properties();
        Store store = Session.getInstance(props).getStore("imap");
        long t0 = System.nanoTime();
        store.connect("127.0.0.1", bridge.imapPort(), identity.incoming().username(), "secret");
        org.eclipse.angus.mail.imap.IMAPFolder inbox = (org.eclipse.angus.mail.imap.IMAPFolder) store
                .getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        long bytes = 0;
        for (int from = 1; from <= count; from += FETCH_BATCH) {
            String set = from + ":" + Math.min(count, from + FETCH_BATCH - 1);
            bytes += (Long) inbox.doCommand(p -> {
                org.eclipse.angus.mail.iap.Response[] rs = p.command("FETCH " + set + " (UID FLAGS BODY.PEEK[])",
                        null);
                long n = 0;
                for (org.eclipse.angus.mail.iap.Response r : rs) {
                    if (r instanceof org.eclipse.angus.mail.imap.protocol.FetchResponse fr) {
                        var body = fr.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class);
                        if (body != null) {
                            n += body.getByteArray().getNewBytes().length;
                        }
                    }
                }
                p.handleResult(rs[rs.length - 1]);
                return n;
            });
        }
        inbox.close(false);
        store.close();
        if (bytes == 0) {
            throw new IllegalStateException("nothing fetched");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The plain library way: open INBOX, prefetch UIDs and flags, write every message out. */
    private static double rawLoop(BridgeHarness bridge, Identity identity, int limit) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.peek", "true");
        Store store = Session.getInstance(props).getStore("imap");
        long t0 = System.nanoTime();
        store.connect("127.0.0.1", bridge.imapPort(), identity.incoming().username(), "secret");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        Message[] messages = inbox.getMessages(1, limit);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.FLAGS);
        inbox.fetch(messages, profile);
        long bytes = 0;
        for (Message m : messages) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            bytes += out.size();
        }
        inbox.close(false);
        store.close();
        if (bytes == 0) {
            throw new IllegalStateException("nothing fetched");
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
