package io.mailmesh.smtpbridge;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.testing.NatsServer;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.smtpbridge.support.BridgeFixture;
import io.mailmesh.smtpbridge.support.Seeds;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * On-demand benchmark (not part of {@code mvn verify}): deliver orders per second end to end (NATS request,
 * store reads, claim, MIME, SMTP to GreenMail, raw copy, mark sent, reply) against raw Angus {@code Transport.send}
 * of the same messages to the same GreenMail, in the same run, on loopback. Rounds alternate raw and mesh so
 * drift hits both; the median round is reported, at concurrency 1 and 8.
 *
 * <p>Run: {@code ./mvnw -q -o -pl smtp-bridge test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.mailmesh.smtpbridge.DeliverBenchmark} (optional args: messages-per-round rounds).
 */
public final class DeliverBenchmark {
    private static final String SUBJECT = "Benchmark message";
    private static final String PLAIN = "Hello,\nthis is a benchmark message.\n";
    private static final String HTML = "<p>Hello,<br>this is a <b>benchmark</b> message.</p>";

    private DeliverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (NatsServer nats = new NatsServer()) {
            nats.start();
            GreenMail relay = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
            relay.start();
            try (MeshRuntime bridge = BridgeFixture.start(nats.url(),
                    BridgeFixture.plainRelay(relay.getSmtp().getPort()))) {
                run(bridge, relay, perRound, rounds);
            } finally {
                relay.stop();
            }
        }
        System.exit(0);
    }

    private static void run(MeshRuntime bridge, GreenMail relay, int perRound, int rounds) throws Exception {
        Seeds seeds = new Seeds(bridge.get(MeshStore.class));
        String user = Seeds.user();
        Identity me = seeds.localIdentity(user, "bench@mesh.test", "Bench Sender");
        OrderEmitter emitter = bridge.get(OrderEmitter.class);
        Session rawSession = rawSession(relay.getSmtp().getPort());
        System.out.printf("deliver benchmark: %d messages per round, %d rounds, GreenMail on loopback%n", perRound,
                rounds);
        measure(1, perRound / 2, 1, seeds, user, me, emitter, rawSession, relay, false);
        for (int concurrency : new int[] {1, 8}) {
            double[] ratios = measure(concurrency, perRound, rounds, seeds, user, me, emitter, rawSession, relay,
                    true);
            Arrays.sort(ratios);
            System.out.printf("concurrency %d: median ratio mesh/raw-Transport.send = %.2f%n", concurrency,
                    ratios[ratios.length / 2]);
        }
    }

    private static double[] measure(int concurrency, int n, int rounds, Seeds seeds, String user, Identity me,
            OrderEmitter emitter, Session rawSession, GreenMail relay, boolean print) throws Exception {
        double[] ratios = new double[rounds];
        double[] keptRatios = new double[rounds];
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            for (int round = 0; round < rounds; round++) {
                List<MimeMessage> rawMessages = new ArrayList<>(n);
                List<Message> drafts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String to = "rcpt" + (i % 10) + "@example.org";
                    rawMessages.add(rawMessage(rawSession, me, to));
                    drafts.add(seeds.draft(user).to(to, null).subject(SUBJECT).body(PLAIN, HTML).save());
                }
                double raw = rawRate(pool, concurrency, rawMessages, false);
                double mesh = meshRate(concurrency, emitter, drafts, me);
                double kept = rawRate(pool, concurrency, rawMessages, true);
                ratios[round] = mesh / raw;
                keptRatios[round] = mesh / kept;
                if (print) {
                    System.out.printf("  c=%d round %d: raw Transport.send %.0f msg/s, raw kept connection %.0f "
                            + "msg/s, mesh deliver %.0f msg/s, ratio vs send %.2f, vs kept connection %.2f%n",
                            concurrency, round + 1, raw, kept, mesh, ratios[round], keptRatios[round]);
                }
                relay.purgeEmailFromAllMailboxes();
            }
        } finally {
            pool.shutdownNow();
        }
        if (print) {
            double[] sorted = keptRatios.clone();
            Arrays.sort(sorted);
            System.out.printf("concurrency %d: median ratio mesh/raw-kept-connection = %.2f%n", concurrency,
                    sorted[sorted.length / 2]);
        }
        return ratios;
    }

    /**
     * Raw Angus sends: {@code Transport.send} (a connection per message, as the library's one-call API does) or,
     * with {@code keepConnection}, one connected transport per thread reused for every message.
     */
    private static double rawRate(ExecutorService pool, int concurrency, List<MimeMessage> messages,
            boolean keepConnection) throws Exception {
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        int chunk = (messages.size() + concurrency - 1) / concurrency;
        for (int t = 0; t < concurrency; t++) {
            List<MimeMessage> part = messages.subList(Math.min(t * chunk, messages.size()),
                    Math.min((t + 1) * chunk, messages.size()));
            futures.add(pool.submit(() -> {
                if (!keepConnection) {
                    for (MimeMessage m : part) {
                        Transport.send(m);
                    }
                    return null;
                }
                if (part.isEmpty()) {
                    return null;
                }
                try (Transport transport = part.get(0).getSession().getTransport("smtp")) {
                    transport.connect();
                    for (MimeMessage m : part) {
                        m.saveChanges();
                        transport.sendMessage(m, m.getAllRecipients());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        return messages.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static double meshRate(int concurrency, OrderEmitter emitter, List<Message> drafts, Identity me)
            throws Exception {
        Semaphore window = new Semaphore(concurrency);
        List<CompletableFuture<Reply>> replies = new ArrayList<>(drafts.size());
        long start = System.nanoTime();
        for (Message draft : drafts) {
            window.acquire();
            CompletableFuture<Reply> reply = emitter.requestAsync(Routes.OUTBOUND_SMTP,
                    MessageOrder.deliver(draft.id(), me.id(), draft.userId()), Duration.ofSeconds(30));
            reply.whenComplete((r, e) -> window.release());
            replies.add(reply);
        }
        for (CompletableFuture<Reply> reply : replies) {
            Reply r = reply.get();
            if (r.error()) {
                throw new IllegalStateException("deliver failed: " + r);
            }
        }
        return drafts.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static Session rawSession(int port) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(port));
        p.setProperty("mail.smtp.localhost", "bench.localhost");
        return Session.getInstance(p);
    }

    /** The same message smtp-bridge composes for a draft: From, To, Subject, Date, alternative plain + HTML. */
    private static MimeMessage rawMessage(Session session, Identity from, String to) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from.address(), from.displayName(), "UTF-8"));
        m.setRecipient(RecipientType.TO, new InternetAddress(to));
        m.setSubject(SUBJECT, "UTF-8");
        m.setSentDate(new java.util.Date());
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(PLAIN, "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(HTML, "UTF-8", "html");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        m.setContent(alternative);
        return m;
    }
}
