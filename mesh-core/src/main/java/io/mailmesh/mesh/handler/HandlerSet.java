package io.mailmesh.mesh.handler;

import java.util.List;

/**
 * A worker's handlers, contributed to the runtime through Guice:
 * {@code MeshBindings.handlers(binder()).addBinding().to(MyHandlers.class)}.
 */
public interface HandlerSet {
    List<HandlerBinding<?>> bindings();
}
