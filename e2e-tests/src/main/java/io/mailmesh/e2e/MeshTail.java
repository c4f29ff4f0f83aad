package io.mailmesh.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A live view of the orders crossing the mesh: subscribes to {@code >}, leaves out the {@code $SRV}, {@code $JS},
 * {@code $KV}, {@code $O} and {@code _INBOX} noise, prints each order (subject, order, ids) and, when it was a
 * request, its reply status and latency, matched by reply inbox. A durable publish is answered by JetStream's
 * acknowledgement (shown as {@code stored}).
 */
public final class MeshTail implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MeshTail.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final List<String> IDS = List.of("message_id", "remote_id", "user_id", "contact_id",
            "identity_id");

    private record Pending(String subject, String order, long startNanos) {
    }

    private final Connection connection;
    private final Consumer<String> out;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /**
     * Connects to {@code natsUrl} and starts printing to {@code out}; a server that cannot be reached is an
     * {@link IllegalStateException} saying so in one line.
     */
    public static MeshTail open(String natsUrl, Consumer<String> out) throws InterruptedException {
        try {
            return new MeshTail(natsUrl, out);
        } catch (java.io.IOException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot reach NATS at " + natsUrl + " (" + e.getMessage()
                    + "); is the mesh up?", e);
        }
    }

    /** Connects to {@code natsUrl} and starts printing to {@code out}. */
    public MeshTail(String natsUrl, Consumer<String> out) throws java.io.IOException, InterruptedException,
            java.util.concurrent.TimeoutException {
        this.out = out;
        Options.Builder options = new Options.Builder().server(natsUrl).connectionName("mesh-tail")
                .maxReconnects(-1).maxControlLine(16 * 1024).errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        LOG.warn("NATS error: {}", error);
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        // a server that cannot be reached is said once, by open(); the attempts only in debug
                        LOG.debug("NATS connection problem", exp);
                    }
                });
        String creds = System.getenv("NATS_CREDS");
        if (creds != null && !creds.isBlank()) {
            // the operators' credentials (bin/mesh: .mesh/auth/creds/ops.creds): tail sees every subject
            options.authHandler(Nats.credentials(creds.strip()));
        }
        this.connection = Nats.connect(options.build());
        Dispatcher dispatcher = connection.createDispatcher(this::onMessage);
        dispatcher.subscribe(">");
        connection.flush(Duration.ofSeconds(5));
    }

    private void onMessage(Message message) {
        String subject = message.getSubject();
        if (subject.startsWith("_INBOX.")) {
            Pending request = pending.remove(subject);
            if (request != null) {
                out.accept(String.format("%s %-18s <- %-15s %-26s %6.1f ms", now(), request.subject(),
                        request.order(), replyStatus(message), (System.nanoTime() - request.startNanos()) / 1e6));
            }
            return;
        }
        if (subject.startsWith("$")) {
            return;
        }
        String payload = new String(message.getData(), StandardCharsets.UTF_8);
        String order = "?";
        List<String> ids = new ArrayList<>();
        try {
            JsonNode json = MeshApi.JSON.readTree(payload);
            order = json.path("order").asText("?");
            for (String key : IDS) {
                if (json.hasNonNull(key)) {
                    ids.add(key + "=" + json.get(key).asText());
                }
            }
        } catch (java.io.IOException e) {
            ids.add("(not JSON: " + abbreviate(payload) + ")");
        }
        String replyTo = message.getReplyTo();
        String kind = replyTo == null ? "pub" : replyTo.startsWith("$JS.ACK.") ? "durable delivery" : "req";
        if (replyTo != null && kind.equals("req")) {
            pending.put(message.getReplyTo(), new Pending(subject, order, System.nanoTime()));
        }
        out.accept(String.format("%s %-18s -> %-15s %s %s", now(), subject, order, kind, String.join(" ", ids)));
    }

    private static String replyStatus(Message reply) {
        try {
            JsonNode json = MeshApi.JSON.readTree(reply.getData());
            if (json.has("stream") && json.has("seq")) {
                return "stored " + json.get("stream").asText() + "#" + json.get("seq").asText();
            }
            if (json.path("error").asBoolean(false)) {
                return "error " + json.path("code").asText("?");
            }
            return json.has("error") ? "ok" : abbreviate(json.toString());
        } catch (java.io.IOException e) {
            return reply.getData().length == 0 ? "(empty reply)" : "(not JSON)";
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static String now() {
        return LocalTime.now().format(TIME);
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
