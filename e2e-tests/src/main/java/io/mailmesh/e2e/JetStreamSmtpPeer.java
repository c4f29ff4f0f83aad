package io.mailmesh.e2e;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

/**
 * The raw-library peer of {@code bin/bench e2e}: the least an inbound import on NATS must do, written with jnats
 * alone. The SMTP side ({@link FileSmtpServer}'s loop) puts each mail's bytes in a key-value bucket and asks a
 * worker by request/reply; the worker, on its own connection, reads the bytes back and creates the message record
 * (create-if-absent, the bytes as its value) before it answers; the 250 follows the answer. No metadata, index,
 * count, parse, JSON, log or middleware: what the mesh adds to that is what the ratio against this peer measures.
 *
 * <p>Usage: {@code java -cp e2e-tests.jar io.mailmesh.e2e.JetStreamSmtpPeer PORT NATS_URL}; prints
 * {@code listening PORT} once it accepts connections. Loopback only.
 */
public final class JetStreamSmtpPeer {
    private static final String SUBJECT = "peer.import";
    private static final int WORKER_THREADS = 8; // a jnats dispatcher runs its handler on one thread
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private JetStreamSmtpPeer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String url = args[1];
        Connection smtpSide = Nats.connect(url);
        Connection workerSide = Nats.connect(url);
        KeyValue rawForSmtp = bucket(smtpSide, "peer_raw");
        KeyValue rawForWorker = bucket(workerSide, "peer_raw");
        KeyValue messages = bucket(workerSide, "peer_messages");
        for (int i = 0; i < WORKER_THREADS; i++) {
            Dispatcher worker = workerSide.createDispatcher(m -> importMail(workerSide, rawForWorker, messages, m));
            worker.subscribe(SUBJECT, "peer-workers");
        }
        workerSide.flush(TIMEOUT);
        FileSmtpServer.listen(port, mail -> {
            String id = id(mail);
            try {
                rawForSmtp.put(id, mail);
                Message answer = smtpSide.request(SUBJECT, id.getBytes(StandardCharsets.UTF_8), TIMEOUT);
                if (answer == null) {
                    throw new IOException("no answer to the import of " + id + " within " + TIMEOUT);
                }
                String text = new String(answer.getData(), StandardCharsets.UTF_8);
                if (!text.equals("ok")) {
                    throw new IOException("import failed: " + text);
                }
            } catch (JetStreamApiException e) {
                throw new IOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        });
    }

    private static void importMail(Connection connection, KeyValue raw, KeyValue messages, Message request) {
        String id = new String(request.getData(), StandardCharsets.UTF_8);
        String answer;
        try {
            KeyValueEntry entry = raw.get(id);
            if (entry == null || entry.getValue() == null) {
                answer = "no raw message " + id;
            } else {
                messages.create(id, entry.getValue());
                answer = "ok";
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            answer = e.toString();
        }
        connection.publish(request.getReplyTo(), answer.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyValue bucket(Connection connection, String name) throws IOException, JetStreamApiException {
        if (!connection.keyValueManagement().getBucketNames().contains(name)) {
            connection.keyValueManagement().create(KeyValueConfiguration.builder().name(name).maxHistoryPerKey(1)
                    .storageType(StorageType.File).build());
        }
        return connection.keyValue(name);
    }

    private static String id(byte[] mail) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(mail));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
