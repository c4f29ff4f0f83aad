package io.mailmesh.apiemitter.fanout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A fanout client over a plain socket, as {@code nc} would be: every read waits at most ten seconds. */
final class LineClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    static LineClient connect(int port) {
        return connect(port, 0);
    }

    /** With {@code receiveBuffer} > 0 a small socket receive buffer: a client that stops reading fills up fast. */
    static LineClient connect(int port, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return new LineClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and reads the greeting. */
    static LineClient greeted(int port) {
        LineClient client = connect(port);
        String greeting = client.read();
        if (!"debug!connected...".equals(greeting)) {
            throw new AssertionError("expected the greeting, got " + greeting);
        }
        return client;
    }

    LineClient send(String line) {
        return sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    LineClient sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line, or null at the end of the stream. */
    String read() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> read(int lines) {
        List<String> read = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            read.add(read());
        }
        return read;
    }

    /** Subscribes and waits for the server's confirmation. */
    LineClient subscribe(String channel) {
        send("subscribe " + channel);
        String ack = read();
        if (!("debug!subscribed " + channel).equals(ack)) {
            throw new AssertionError("expected the subscription of " + channel + " confirmed, got " + ack);
        }
        return this;
    }

    /** Reads until the server closes the connection; true when it did (a reset counts as closed). */
    boolean closedByServer() {
        try {
            while (in.readLine() != null) {
                continue;
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
