package io.mailmesh.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** A plain SMTP client that, like an MTA, retries a mail answered with a temporary (4xx) failure. */
final class SmtpSender {
    private final String host;
    private final int port;
    private final AtomicInteger temporaryFailures = new AtomicInteger();

    SmtpSender(String host, int port) {
        this.host = host;
        this.port = port;
    }

    int temporaryFailures() {
        return temporaryFailures.get();
    }

    /** Sends until a 250 after DATA; a 5xx or the deadline is an exception. */
    void sendUntilAccepted(String to, String messageId, String subject, Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            try {
                last = sendOnce(to, messageId, subject);
                if (last.startsWith("250")) {
                    return;
                }
                if (last.startsWith("5")) {
                    throw new IOException("permanent failure for " + messageId + ": " + last);
                }
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("permanent")) {
                    throw e;
                }
                last = e.toString();
            }
            temporaryFailures.incrementAndGet();
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // an MTA's retry delay, not a synchronisation
        }
        throw new IOException("not accepted within " + limit + ": " + last);
    }

    private String sendOnce(String to, String messageId, String subject) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String reply = read(in);
            if (!reply.startsWith("220")) {
                return reply;
            }
            for (String command : new String[] {"EHLO e2e.test", "MAIL FROM:<sender@e2e.test>", "RCPT TO:<" + to + ">",
                    "DATA"}) {
                write(out, command + "\r\n");
                reply = read(in);
                if (!(reply.startsWith("2") || reply.startsWith("354"))) {
                    return reply;
                }
            }
            write(out, "From: sender@e2e.test\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: "
                    + messageId + "\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nbody of " + subject + "\r\n.\r\n");
            reply = read(in);
            write(out, "QUIT\r\n");
            return reply;
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The last line of a (multi-line) reply. */
    private static String read(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
