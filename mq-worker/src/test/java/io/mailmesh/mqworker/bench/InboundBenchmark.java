package io.mailmesh.mqworker.bench;

import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.testing.NatsServer;
import io.mailmesh.mqworker.testing.Mails;
import io.mailmesh.mqworker.testing.Worker;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * On-demand benchmark (not run by {@code mvn verify}): process_inbound orders per second for a 20 KiB mail,
 * requested over NATS against the running worker, versus a raw Jakarta Mail parse of the same bytes (headers,
 * every part decoded) with the same concurrency, in the same run. Arguments: [orders] [concurrency].
 *
 * <pre>
 * ./mvnw -q -o -pl mq-worker test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.mailmesh.mqworker.bench.InboundBenchmark -Dexec.args="2000 8"
 * </pre>
 */
public final class InboundBenchmark {
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    private InboundBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        byte[] sample = mail("sample@bench");
        System.out.printf("mail size %d bytes, boundary \"%s\", %s storage, %d orders, concurrency %d%n", sample.length,
                BOUNDARY, STORAGE, orders, concurrency);
        try (NatsServer nats = new NatsServer()) {
            nats.start();
            try (Worker worker = Worker.start(nats.url(), io.mailmesh.mqworker.MqWorkerSettings.defaults(), STORAGE)) {
                String user = worker.newUser();
                String identity = worker.newIdentity(user, Protocol.IMAP, "bob@example.net");
                // warm-up rounds of both sides, each as long as a measured round, until the JIT compilers are quiet
                // (a framework-heavy worker keeps C2 busy for tens of seconds on 2 cores, which would be charged to
                // the measured rounds); then rounds of both sides in turn (the machine is noisy): the median round is
                // reported, with its CPU split. Raw messages are stored beforehand (the bridge's job).
                var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
                for (int w = 1; w <= MAX_WARMUP_RUNS; w++) {
                    long compiledBefore = jit.getTotalCompilationTime();
                    long start = System.nanoTime();
                    // exactly what a round does: a phase first met in a measured round (the parse with the library
                    // defaults) made the JIT recompile code shared with the worker in the round after it
                    round(worker, user, identity, sample, prepare(worker, "warm" + w, orders), concurrency);
                    double share = (jit.getTotalCompilationTime() - compiledBefore) / ((System.nanoTime() - start) / 1e6);
                    System.out.printf("warm-up %d: JIT compiling %.0f%% of the time%n", w, share * 100);
                    if (w >= MIN_WARMUP_RUNS && share < QUIET_JIT_SHARE) {
                        break;
                    }
                }
                List<Round> rounds = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    rounds.add(round(worker, user, identity, sample, prepare(worker, "run" + r, orders), concurrency));
                    System.out.printf("round %d: %s%n", r + 1, rounds.get(r).summary());
                }
                rounds.sort(java.util.Comparator.comparingDouble(Round::ratio));
                Round median = rounds.get(ROUNDS / 2);
                System.out.printf("median round: process_inbound %.0f orders/s; raw Jakarta Mail parse %.0f parses/s "
                        + "with the stream provider set as the worker sets it, %.0f with the library defaults%n",
                        median.mesh(), median.raw(), median.rawDefaults());
                System.out.printf("  the worker's own parser alone: %.0f parses/s%n", median.workerParse());
                System.out.printf("  CPU per order: %s%n", median.cpu());
                System.out.printf("ratio: %.3f (against the library defaults: %.3f)%n", median.ratio(),
                        median.mesh() / median.rawDefaults());
            }
        }
        System.exit(0);
    }

    /** Measured rounds ({@code -Dbench.rounds}, default 5): the median is reported (this machine shares its host). */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int MIN_WARMUP_RUNS = 2;
    private static final int MAX_WARMUP_RUNS = 8;
    /** Warm-up ends once the JIT compilers spent less than this share of a run's time compiling. */
    private static final double QUIET_JIT_SHARE = 0.05;

    /** One round: both sides measured in turn, with the CPU the mesh side used per order. */
    private record Round(double mesh, double raw, double rawDefaults, double workerParse, String cpu) {
        double ratio() {
            return mesh / raw;
        }

        String summary() {
            return String.format("mesh %.0f/s, raw %.0f/s (defaults %.0f/s), worker's parser alone %.0f/s, ratio %.3f; "
                    + "CPU per order %s", mesh, raw, rawDefaults, workerParse, ratio(), cpu);
        }
    }

    private static Round round(Worker worker, String user, String identity, byte[] sample, List<String> raws,
            int concurrency) throws Exception {
        int orders = raws.size();
        io.nats.client.Statistics stats = worker.runtime().get(io.nats.client.Connection.class).getStatistics();
        long outBefore = stats.getOutMsgs();
        java.util.Map<String, Long> threadsBefore = cpuByThreadGroup();
        long natsCpuBefore = childCpuNanos();
        double mesh = run(worker, user, identity, raws, concurrency);
        java.util.Map<String, Long> threadsAfter = cpuByThreadGroup();
        String cpu = String.format("nats-server %.2f ms, ", (childCpuNanos() - natsCpuBefore) / 1e6 / orders)
                + threadsAfter.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > orders * 10_000L)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + String.format("%.2f ms", e.getValue() / 1e6 / orders))
                .collect(java.util.stream.Collectors.joining(", "))
                // the worker and the benchmark share one connection: one request out and one reply in per order
                + String.format("; NATS messages out per order (worker + benchmark) %.1f",
                        (stats.getOutMsgs() - outBefore) / (double) orders);
        double raw = parse(sample, orders * 4, concurrency);
        // the same parse with Jakarta Mail's defaults: its stream provider looked up by ServiceLoader on every part,
        // which the worker's parser turns off with a system property
        String provider = System.clearProperty(STREAM_PROVIDER);
        double rawDefaults = parse(sample, orders * 2, concurrency);
        System.setProperty(STREAM_PROVIDER, provider);
        double workerParse = parseAsTheWorker(sample, orders * 4, concurrency);
        return new Round(mesh, raw, rawDefaults, workerParse, cpu);
    }

    /**
     * CPU time of this JVM's threads, summed by name with digits dropped, read from /proc so the JVM's own threads
     * (GC, JIT compilers) are listed too; empty where there is no /proc. Clock ticks are taken as 10 ms.
     */
    private static java.util.Map<String, Long> cpuByThreadGroup() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (java.io.File task : tasks) {
            try {
                String name = java.nio.file.Files.readString(task.toPath().resolve("comm")).trim();
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                out.merge(name.replaceAll("[0-9]+", "#"), ticks * 10_000_000L, Long::sum);
            } catch (java.io.IOException | RuntimeException gone) {
                // the thread ended meanwhile
            }
        }
        return out;
    }

    /** CPU time of this JVM's child processes (the nats-server it started). */
    private static long childCpuNanos() {
        return ProcessHandle.current().children().mapToLong(p -> p.info().totalCpuDuration()
                .map(Duration::toNanos).orElse(0L)).sum();
    }

    /**
     * The MIME boundary of the benchmark mail ({@code -Dbench.boundary}): "b" by default, the mail all earlier figures
     * used; Jakarta Mail's own multipart parse slows down as the boundary gets shorter, so a mailer-like boundary
     * (e.g. {@code ----=_Part_0_1234567890.1700000000000}) gives a much faster raw parse.
     */
    private static final String BOUNDARY = System.getProperty("bench.boundary", "b");

    /**
     * Where nats-server keeps the store's buckets ({@code -Dbench.storage=memory|file}): memory by default, as in
     * all earlier figures; file is production's default, and its server cost does not grow with the data kept.
     */
    private static final io.mailmesh.mesh.store.StoreSettings.Storage STORAGE = io.mailmesh.mesh.store.StoreSettings
            .Storage.valueOf(System.getProperty("bench.storage", "memory").toUpperCase(java.util.Locale.ROOT));

    static byte[] mail(String messageId) {
        StringBuilder text = new StringBuilder();
        String line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit — grüße, 20 KiB of text.\n";
        while (text.length() < 10 * 1024) {
            text.append(line);
        }
        String html = "<html><body><p>" + text.toString().replace("\n", "</p>\n<p>") + "</p></body></html>";
        String raw = Mails.crlf("From: \"Alice\" <alice@example.org>", "To: bob@example.net, carol@example.com",
                "Subject: =?UTF-8?Q?Bench_r=C3=A9sum=C3=A9?=", "Date: Tue, 14 Nov 2023 10:00:00 +0000",
                "Message-ID: <" + messageId + ">", "MIME-Version: 1.0",
                "Content-Type: multipart/alternative; boundary=\"" + BOUNDARY + "\"", "", "--" + BOUNDARY,
                "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", text.toString(),
                "--" + BOUNDARY, "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit", "",
                html.substring(0, Math.min(html.length(), 20 * 1024 - text.length() - 600)), "--" + BOUNDARY + "--");
        return raw.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> prepare(Worker worker, String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(worker.storeRaw(mail(prefix + "-" + i + "@bench")));
        }
        return ids;
    }

    private static double run(Worker worker, String user, String identity, List<String> raws, int concurrency)
            throws Exception {
        Semaphore window = new Semaphore(concurrency);
        List<CompletableFuture<Reply>> all = new ArrayList<>(raws.size());
        long start = System.nanoTime();
        for (String raw : raws) {
            window.acquire();
            CompletableFuture<Reply> f = worker.emitter().requestAsync(Routes.INBOUND_SMTP,
                    MessageOrder.processInbound(raw, identity, user), Duration.ofSeconds(30));
            f.whenComplete((r, e) -> window.release());
            all.add(f);
        }
        for (CompletableFuture<Reply> f : all) {
            Reply reply = f.get();
            if (reply.error()) {
                throw new IllegalStateException("order failed: " + reply.code() + " " + reply.message());
            }
        }
        return raws.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** The worker's own parser alone on the same bytes: what the import's parse costs. */
    private static double parseAsTheWorker(byte[] bytes, int count, int concurrency) throws Exception {
        io.mailmesh.mqworker.mime.MailParser parser = new io.mailmesh.mqworker.mime.MailParser();
        return perSecond(count, concurrency, () -> parser.parse(bytes));
    }

    /** A raw Jakarta Mail parse: headers read, every part decoded. */
    private static double parse(byte[] bytes, int count, int concurrency) throws Exception {
        Session session = Session.getInstance(new Properties());
        return perSecond(count, concurrency, () -> {
            MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(bytes));
            m.getSubject();
            m.getFrom();
            m.getAllRecipients();
            consume(m);
        });
    }

    /** One step of a parse benchmark. */
    private interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} {@code count} times spread over {@code concurrency} threads; steps per second. */
    private static double perSecond(int count, int concurrency, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        int per = count / concurrency;
        for (int t = 0; t < concurrency; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < per; i++) {
                    step.run();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return per * concurrency / ((System.nanoTime() - start) / 1e9);
    }

    private static void consume(Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                consume(mp.getBodyPart(i));
            }
        } else if (content instanceof InputStream in) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
