package io.mailmesh.mesh.handler;

/**
 * A long-lived part of a worker (an SMTP listener, a scheduler) started after the handlers subscribe and stopped
 * before the connection drains. Contributed with {@code MeshBindings.lifecycles(binder())}.
 */
public interface Lifecycle {
    void start() throws Exception;

    void stop() throws Exception;

    /** Whether this part is ready to serve; {@code /readyz} reports not ready while any part is not. */
    default boolean isReady() {
        return true;
    }
}
