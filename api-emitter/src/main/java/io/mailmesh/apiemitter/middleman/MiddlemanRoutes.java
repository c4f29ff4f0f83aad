package io.mailmesh.apiemitter.middleman;

import com.google.inject.Inject;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import io.mailmesh.apiemitter.web.RouteGroup;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.store.StoreException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ws://HOST:API_PORT/middleman}: the first text frame is the API key, answered {@code MM OK} or by closing
 * the connection (code 1008, with the reason); then one frame per text message, each refused one answered by an
 * error frame ({@code ERR <target>} with a {@code Code} header and the reason as body). A connection that sends no
 * key within the auth timeout is closed; an idle one is pinged every 15 s, so it outlives the server's idle timeout. Nothing a peer sends ends in an exception escaping to Jetty.
 */
final class MiddlemanRoutes implements RouteGroup {
    static final String PATH = "/middleman";
    private static final Logger LOG = LoggerFactory.getLogger(MiddlemanRoutes.class);
    private static final String SESSION = "mailmesh.middleman.session";
    private static final int SERVER_ERROR = 1011;
    private static final long PING_SECONDS = 15;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "middleman-auth-timeout");
        thread.setDaemon(true);
        return thread;
    });

    private final MiddlemanKeys keys;
    private final Commands commands;
    private final MiddlemanSettings settings;
    private final MiddlemanMetrics metrics;
    private final String instance;
    private final AtomicLong sequence = new AtomicLong();

    @Inject
    MiddlemanRoutes(MiddlemanKeys keys, Commands commands, MiddlemanSettings settings, MiddlemanMetrics metrics,
                    MeshConfig config) {
        this.keys = keys;
        this.commands = commands;
        this.settings = settings;
        this.metrics = metrics;
        // a connection id is the last token of a key-value key: letters, digits, - and _ only
        this.instance = config.instanceId().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.ws(PATH, ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::text);
            ws.onBinaryMessage(ctx -> refuseBinary(session(ctx)));
            ws.onClose(ctx -> closed(session(ctx)));
            ws.onError(ctx -> LOG.debug("middleman connection error: {}", ctx.error() == null ? "unknown"
                    : ctx.error().getMessage()));
        });
    }

    private void connected(WsContext ctx) {
        MiddlemanSession session = new MiddlemanSession(instance + "-" + sequence.incrementAndGet(), ctx.session,
                settings.maxQueuedFrames(), metrics);
        ctx.attribute(SESSION, session);
        // a subscriber waiting for messages sends nothing: pings keep it from Jetty's idle timeout (30 s)
        ctx.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
        TIMER.schedule(() -> {
            if (session.role() == null) {
                session.close(MiddlemanSession.POLICY_VIOLATION, "no API key within "
                        + settings.authTimeout().toSeconds() + " s");
            }
        }, settings.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void text(WsMessageContext ctx) {
        MiddlemanSession session = session(ctx);
        if (session == null) {
            return;
        }
        try {
            if (session.role() == null) {
                authenticate(session, ctx.message());
                return;
            }
            commands.execute(session, FrameCodec.parse(ctx.message(), settings.maxFrameBytes()));
        } catch (FrameException refused) {
            session.error(refused);
        } catch (RuntimeException e) {
            LOG.error("middleman connection {}: a frame failed", session.id(), e);
            session.error(new FrameException("internal_error", "internal error; the frame was not carried out"));
        }
    }

    private void authenticate(MiddlemanSession session, String key) {
        Optional<Role> role;
        try {
            role = keys.roleOf(key);
        } catch (StoreException e) {
            LOG.warn("middleman: cannot check a key: {}", e.getMessage());
            session.close(SERVER_ERROR, "the key cannot be checked now; retry later");
            return;
        }
        if (role.isEmpty()) {
            metrics.error("bad_key");
            session.close(MiddlemanSession.POLICY_VIOLATION, "API key not accepted");
            return;
        }
        session.authenticated(role.get());
        metrics.connected(role.get());
        session.send("MM OK");
    }

    private void refuseBinary(MiddlemanSession session) {
        if (session == null) {
            return;
        }
        if (session.role() == null) {
            session.close(MiddlemanSession.POLICY_VIOLATION, "the first frame is the API key, as text");
            return;
        }
        session.error(new FrameException("binary_frame", "frames are text (UTF-8); binary frames are not part of "
                + "the protocol"));
    }

    private void closed(MiddlemanSession session) {
        if (session == null || session.role() == null) {
            return;
        }
        session.markClosed();
        metrics.disconnected(session.role());
        commands.closed(session);
    }

    private static MiddlemanSession session(WsContext ctx) {
        return ctx.attribute(SESSION);
    }
}
