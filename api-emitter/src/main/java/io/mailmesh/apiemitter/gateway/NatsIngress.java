package io.mailmesh.apiemitter.gateway;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.web.Caller;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.emit.PublishFailedException;
import io.mailmesh.mesh.handler.Lifecycle;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;

/**
 * The one place the gateway touches the raw NATS connection: the {@code MESSAGES} ingress subject (not a route of
 * the table) in the queue group {@code gateway}, so several gateways share it, and {@code MESSAGES.<user id>}, the
 * subject a user's NATS creds (from the auth service's login) may publish on: its last token is the user the message
 * acts for, proven by the NATS permissions, and a different body user_id is refused. Plain {@code MESSAGES} is for
 * infrastructure and ops credentials only, so its user_id is taken as given. Also: the connection state the outbox
 * waits on; and the plain publish of allowed topics that are not order routes. A request on {@code MESSAGES} gets
 * the ack as its reply; a rejected message without a reply subject goes to the rejected list.
 */
@Singleton
public final class NatsIngress implements Lifecycle {
    public static final String QUEUE_GROUP = "gateway";

    private final Connection connection;
    private final Provider<Gateway> gateway;
    private final ApiSettings settings;
    private Dispatcher dispatcher;

    @Inject
    NatsIngress(Connection connection, Provider<Gateway> gateway, ApiSettings settings) {
        this.connection = connection;
        this.gateway = gateway;
        this.settings = settings;
    }

    @Override
    public void start() {
        dispatcher = connection.createDispatcher(this::onMessage);
        dispatcher.subscribe(settings.ingressList(), QUEUE_GROUP);
        dispatcher.subscribe(settings.ingressList() + ".*", QUEUE_GROUP);
    }

    private void onMessage(Message message) {
        String subject = message.getSubject();
        Caller caller = subject.equals(settings.ingressList()) ? Caller.INFRASTRUCTURE
                : Caller.user(subject.substring(settings.ingressList().length() + 1));
        Gateway.Outcome outcome = gateway.get().accept("nats", message.getData(),
                message.getReplyTo() != null ? WaitSlots.ONE_PER_REQUEST : WaitSlots.NONE,
                caller);
        if (message.getReplyTo() != null) {
            outcome.completion().thenAccept(ack -> connection.publish(message.getReplyTo(),
                    ack.json().getBytes(StandardCharsets.UTF_8)));
        }
    }

    public boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    /** Publishes on an allowed subject that is not an order route, with {@code id} as its Nats-Msg-Id. */
    public void publishRaw(String subject, String id, byte[] payload) {
        if (!connected()) {
            throw new PublishFailedException("NATS is not connected", null);
        }
        Headers headers = new Headers();
        headers.put(MeshHeaders.MSG_ID, id);
        headers.put(MeshHeaders.CORRELATION_ID, id);
        connection.publish(subject, headers, payload);
    }

    @Override
    public void stop() {
        if (dispatcher != null) {
            connection.closeDispatcher(dispatcher);
        }
    }
}
