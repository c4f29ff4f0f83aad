package io.mailmesh.mesh.testing;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.runtime.MeshBindings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Helpers for tests that run a worker made of a few handlers. */
public final class TestWorkers {
    private TestWorkers() {
    }

    /** A Guice module contributing the given handlers. */
    public static Module handlers(HandlerBinding<?>... bindings) {
        List<HandlerBinding<?>> list = List.of(bindings);
        HandlerSet set = () -> list;
        return new AbstractModule() {
            @Override
            protected void configure() {
                MeshBindings.handlers(binder()).addBinding().toInstance(set);
            }
        };
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; fails with {@code what} then. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
