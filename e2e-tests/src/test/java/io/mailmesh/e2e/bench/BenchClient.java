package io.mailmesh.e2e.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's SMTP client: C connections kept open, each sending mails one after the other (MAIL, RCPT, DATA,
 * the mail, then the reply awaited) until N are accepted; a mail answered 4xx is sent again, as an MTA would, and
 * counted; a 5xx fails the run.
 */
final class BenchClient {
    private final int port;
    private final String recipient;
    private final String tag;
    private final int mails;
    private final int connections;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger temporaryFailures = new AtomicInteger();
    private final long[] latencies;

    /** Mails per second, latency percentiles per mail in ms, and the 4xx answers met. */
    record Result(double perSecond, double p50, double p99, int temporaryFailures) {
        Result withPerSecond(double value) {
            return new Result(value, p50, p99, temporaryFailures);
        }
    }

    BenchClient(int port, String recipient, String tag, int mails, int connections) {
        this.port = port;
        this.recipient = recipient;
        this.tag = tag;
        this.mails = mails;
        this.connections = connections;
        this.latencies = new long[mails];
    }

    Result run() throws Exception {
        byte[][] data = new byte[mails][];
        for (int i = 0; i < mails; i++) {
            data[i] = dotTerminated(BenchMails.mail(i, tag));
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        try {
            List<Future<?>> sessions = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                sessions.add(pool.submit(() -> {
                    session(data);
                    return null;
                }));
            }
            for (Future<?> session : sessions) {
                session.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(mails / seconds, sorted[(int) (mails * 0.50)] / 1e6,
                sorted[Math.min(mails - 1, (int) (mails * 0.99))] / 1e6, temporaryFailures.get());
    }

    private void session(byte[][] data) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(60_000);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            expect(in, "220");
            command(out, in, "EHLO bench.client", "250");
            for (int i = next.getAndIncrement(); i < mails; i = next.getAndIncrement()) {
                while (true) {
                    long start = System.nanoTime();
                    command(out, in, "MAIL FROM:<alice@example.org>", "250");
                    command(out, in, "RCPT TO:<" + recipient + ">", "250");
                    command(out, in, "DATA", "354");
                    out.write(data[i]);
                    out.flush();
                    String reply = reply(in);
                    latencies[i] = System.nanoTime() - start;
                    if (reply.startsWith("250")) {
                        break;
                    }
                    if (!reply.startsWith("4")) {
                        throw new IOException("mail " + i + " refused: " + reply);
                    }
                    temporaryFailures.incrementAndGet();
                    command(out, in, "RSET", "250");
                }
            }
            command(out, in, "QUIT", "221");
        }
    }

    /** The mail dot-stuffed (none of its lines starts with a dot) and ended with CRLF.CRLF. */
    private static byte[] dotTerminated(byte[] mail) {
        byte[] end = ".\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(mail, mail.length + end.length);
        System.arraycopy(end, 0, out, mail.length, end.length);
        return out;
    }

    private static void command(OutputStream out, InputStream in, String command, String expected)
            throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, expected);
    }

    private static void expect(InputStream in, String code) throws IOException {
        String reply = reply(in);
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + ", got " + reply);
        }
    }

    /** The last line of a reply, multi-line replies read through. */
    private static String reply(InputStream in) throws IOException {
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c == -1) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line.toString();
            }
        }
    }
}
