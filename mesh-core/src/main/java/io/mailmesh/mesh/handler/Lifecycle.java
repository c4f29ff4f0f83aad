package io.mailmesh.mesh.handler;

/**
 * A long-lived part of a worker (an SMTP listener, a scheduler, a connection pool) started after the handlers
 * subscribe. Contributed with {@code MeshBindings.lifecycles(binder())}.
 */
public interface Lifecycle {

    /** When a lifecycle stops relative to the handlers. */
    enum StopOrder {
        /** Something that brings work in (a listener, a scheduler): it stops taking work before the handlers drain. */
        BEFORE_HANDLERS,
        /** Something the handlers use (a connection pool): it stops once the handlers have finished. */
        AFTER_HANDLERS
    }

    void start() throws Exception;

    void stop() throws Exception;

    default StopOrder stopOrder() {
        return StopOrder.BEFORE_HANDLERS;
    }

    /** Whether this part is ready to serve; {@code /readyz} reports not ready while any part is not. */
    default boolean isReady() {
        return true;
    }
}
