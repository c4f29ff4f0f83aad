package io.mailmesh.apiemitter.middleman;

import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * Carries out one accepted frame for a connection, once it is allowed: a service may do anything; a client may PUB,
 * SUB and REQ what a service enabled (EPUB, ESUB, EREQ) and UNSUB, but never RES nor enable.
 */
@Singleton
final class Commands {
    private final Publications publications;
    private final Requests requests;
    private final Enablements enablements;
    private final MiddlemanSettings settings;
    private final MiddlemanMetrics metrics;

    @Inject
    Commands(Publications publications, Requests requests, Enablements enablements, MiddlemanSettings settings,
             MiddlemanMetrics metrics) {
        this.publications = publications;
        this.requests = requests;
        this.enablements = enablements;
        this.settings = settings;
        this.metrics = metrics;
    }

    void execute(MiddlemanSession session, Frame frame) throws FrameException {
        authorize(session, frame);
        metrics.received(frame.command());
        String target = frame.target();
        switch (frame.command()) {
            case PUB -> publications.publish(frame);
            case SUB -> subscribe(session, target);
            case UNSUB -> unsubscribe(session, target);
            case REQ -> requests.request(session, frame);
            case RES -> requests.respond(session, frame);
            case EPUB, ESUB, EREQ -> enablements.enable(Enablements.Kind.of(frame.command()), target, session.id());
            default -> throw new IllegalStateException("unhandled command " + frame.command());
        }
    }

    private void authorize(MiddlemanSession session, Frame frame) throws FrameException {
        if (session.isService() || frame.command() == Command.UNSUB) {
            return;
        }
        Command command = frame.command();
        if (command == Command.RES || command.enables()) {
            throw new FrameException("forbidden", "a client key cannot " + command + "; only a service key can",
                    frame.target(), frame.reqId());
        }
        if (!enablements.allows(Enablements.Kind.of(command), frame.target())) {
            throw new FrameException("not_enabled", "no connected service enabled " + command + " for "
                    + frame.target() + " (E" + command + ")", frame.target(), frame.reqId());
        }
    }

    private void subscribe(MiddlemanSession session, String target) throws FrameException {
        if (session.subscriptions().contains(target)) {
            return;
        }
        if (session.subscriptions().size() >= settings.maxSubscriptions()) {
            throw new FrameException("too_many_subscriptions", "a connection subscribes to at most "
                    + settings.maxSubscriptions() + " targets", target, null);
        }
        session.subscriptions().add(target);
        metrics.subscribed(1);
        publications.subscribe(session, target);
        if (session.isService()) {
            requests.serve(session, target);
        }
    }

    private void unsubscribe(MiddlemanSession session, String target) throws FrameException {
        if (!session.subscriptions().remove(target)) {
            throw new FrameException("not_subscribed", "this connection is not subscribed to " + target, target,
                    null);
        }
        metrics.subscribed(-1);
        publications.unsubscribe(session, target);
        if (session.isService()) {
            requests.stopServing(session, target);
        }
    }

    /** Everything a closed connection held: subscriptions, served targets, and a service's enablements. */
    void closed(MiddlemanSession session) {
        for (String target : session.subscriptions()) {
            publications.unsubscribe(session, target);
        }
        metrics.subscribed(-session.subscriptions().size());
        session.subscriptions().clear();
        if (session.isService()) {
            requests.stopAll(session);
            enablements.endAll(session.id());
        }
    }
}
