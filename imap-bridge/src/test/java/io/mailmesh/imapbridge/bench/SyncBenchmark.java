package io.mailmesh.imapbridge.bench;

import io.mailmesh.imapbridge.ImapSettings;
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
import java.util.Properties;

/**
 * On-demand benchmark (not run by {@code mvn verify}): initial sync of N mails of about 10 KiB against a raw
 * Angus Mail fetch loop of the same mailbox in the same run, and the time of a sync with no new mail for a box of
 * 100 and of N mails. Run:
 * {@code ./mvnw -q -o -pl imap-bridge test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.mailmesh.imapbridge.bench.SyncBenchmark -Dexec.args=10000}
 */
public final class SyncBenchmark {
    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (NatsServer nats = new NatsServer()) {
            nats.start();
            try (BridgeHarness bridge = BridgeHarness.start(nats.url(), ImapSettings.defaults().withBatchSize(200)
                    .withSyncBudget(Duration.ofHours(1)))) {
                Identity big = bridge.newAccount("secret");
                bridge.deliver(big, count, 10 * 1024);
                Identity small = bridge.newAccount("secret");
                bridge.deliver(small, 100, 10 * 1024);

                int naiveSample = Math.min(count, 300);
                double naiveSeconds = rawLoop(bridge, big, naiveSample);
                double rawSeconds = bulkLoop(bridge, big, count);
                long t0 = System.nanoTime();
                Reply r = sync(bridge, big);
                double bridgeSeconds = (System.nanoTime() - t0) / 1e9;
                if (bridge.mq.kept(big.userId()).size() != count) {
                    throw new IllegalStateException("bridge handed over " + bridge.mq.kept(big.userId()).size()
                            + ": " + r);
                }
                sync(bridge, small);
                double noNewSmall = median(bridge, small);
                double noNewBig = median(bridge, big);
                System.out.printf("naive Angus loop (writeTo per message, first %d mails): %.0f msg/s%n",
                        naiveSample, naiveSample / naiveSeconds);
                System.out.printf("raw Angus bulk fetch (UID FETCH BODY.PEEK[] in batches of 200, no storing): "
                        + "%d mails in %.2f s = %.0f msg/s%n", count, rawSeconds, count / rawSeconds);
                System.out.printf("imap-bridge initial sync: %d mails in %.2f s = %.0f msg/s (stored + "
                        + "process_inbound + committed)%n", count, bridgeSeconds, count / bridgeSeconds);
                System.out.printf("ratio bridge/raw: %.2f%n", rawSeconds / bridgeSeconds);
                System.out.printf("sync with no new mail: 100 mails %.1f ms, %d mails %.1f ms (median of 20)%n",
                        noNewSmall * 1000, count, noNewBig * 1000);
            }
        }
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
        for (int from = 1; from <= count; from += 200) {
            String set = from + ":" + Math.min(count, from + 199);
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
