package io.mailmesh.e2e;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trivial peer of {@code bin/bench e2e}: a minimal SMTP server (one thread per connection) that writes each
 * mail to a file of its own and answers 250, as Python's {@code smtpd} writing files would, and nothing else: no
 * recipient check, no parse. It writes without fsync by default, as nats-server's file store does (it syncs on an
 * interval); {@code fsync} as third argument makes it sync each file before the 250.
 *
 * <p>Usage: {@code java -cp e2e-tests.jar io.mailmesh.e2e.FileSmtpServer PORT DIR [fsync]}; prints
 * {@code listening PORT} once it accepts connections. Loopback only. {@link #listen} serves the same SMTP with
 * another {@link MailSink} ({@link JetStreamSmtpPeer}).
 */
public final class FileSmtpServer {
    private static final int MAX_LINE = 1000;

    /** What the server does with each mail before its 250; a failure ends the connection without a 250. */
    @FunctionalInterface
    public interface MailSink {
        void accept(byte[] mail) throws IOException;
    }

    private final MailSink sink;

    private FileSmtpServer(MailSink sink) {
        this.sink = sink;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1]));
        listen(port, new FileSink(dir, args.length > 2 && args[2].equals("fsync")));
    }

    /** Serves SMTP on loopback {@code port} (a thread per connection) until the process ends. */
    static void listen(int port, MailSink sink) throws IOException {
        FileSmtpServer server = new FileSmtpServer(sink);
        try (ServerSocket listener = new ServerSocket(port, 128, InetAddress.getLoopbackAddress())) {
            System.out.println("listening " + listener.getLocalPort());
            System.out.flush();
            while (true) {
                Socket socket = listener.accept();
                Thread connection = new Thread(() -> server.serve(socket), "smtp-" + socket.getPort());
                connection.setDaemon(true);
                connection.start();
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            reply(out, "220 file-smtp ready");
            ByteArrayOutputStream data = new ByteArrayOutputStream(32 * 1024);
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 file-smtp");
                    case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 ok");
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        data.reset();
                        readData(in, data);
                        sink.accept(data.toByteArray());
                        reply(out, "250 ok");
                    }
                    default -> reply(out, "500 unknown command");
                }
            }
        } catch (IOException e) {
            System.err.println("connection ended: " + e);
        }
    }

    /** Writes each mail to a file of its own, synced first with {@code fsync}. */
    private record FileSink(Path dir, boolean fsync, AtomicLong sequence) implements MailSink {
        FileSink(Path dir, boolean fsync) {
            this(dir, fsync, new AtomicLong());
        }

        @Override
        public void accept(byte[] mail) throws IOException {
            Path file = dir.resolve(ProcessHandle.current().pid() + "-" + sequence.incrementAndGet() + ".eml");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(mail));
                if (fsync) {
                    channel.force(true);
                }
            }
        }
    }

    /** Reads DATA up to the lone dot, undoing dot-stuffing. */
    private static void readData(InputStream in, ByteArrayOutputStream data) throws IOException {
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new IOException("connection closed in DATA");
            }
            if (line.equals(".")) {
                return;
            }
            byte[] bytes = (line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1);
            data.write(bytes);
            data.write('\r');
            data.write('\n');
        }
    }

    /** One line without its CRLF (bytes kept as ISO-8859-1 chars), or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(80);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() > MAX_LINE * 100) {
                throw new IOException("line too long");
            }
            line.append((char) c);
        }
        return null;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
