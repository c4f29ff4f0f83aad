package io.mailmesh.mesh.runtime;

import com.google.inject.Binder;
import com.google.inject.multibindings.Multibinder;
import io.mailmesh.mesh.discovery.ServedEndpoint;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.Lifecycle;

/** Where worker modules contribute to the runtime. */
public final class MeshBindings {
    private MeshBindings() {
    }

    /** {@code MeshBindings.handlers(binder()).addBinding().to(MyHandlers.class);} */
    public static Multibinder<HandlerSet> handlers(Binder binder) {
        return Multibinder.newSetBinder(binder, HandlerSet.class);
    }

    /** {@code MeshBindings.lifecycles(binder()).addBinding().to(MyListener.class);} */
    public static Multibinder<Lifecycle> lifecycles(Binder binder) {
        return Multibinder.newSetBinder(binder, Lifecycle.class);
    }

    /** {@code MeshBindings.endpoints(binder()).addBinding().to(MyEndpoint.class);}: listed by {@code $SRV} discovery. */
    public static Multibinder<ServedEndpoint> endpoints(Binder binder) {
        return Multibinder.newSetBinder(binder, ServedEndpoint.class);
    }
}
