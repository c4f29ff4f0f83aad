package io.mailmesh.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.runtime.MeshBindings;

/** The Guice module of a worker made of handler sets: all an example worker needs besides its handlers. */
public final class Worker {
    private Worker() {
    }

    @SafeVarargs
    public static Module of(Class<? extends HandlerSet>... handlerSets) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                for (Class<? extends HandlerSet> set : handlerSets) {
                    MeshBindings.handlers(binder()).addBinding().to(set);
                }
            }
        };
    }

    public static Module of(HandlerSet... handlerSets) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                for (HandlerSet set : handlerSets) {
                    MeshBindings.handlers(binder()).addBinding().toInstance(set);
                }
            }
        };
    }
}
