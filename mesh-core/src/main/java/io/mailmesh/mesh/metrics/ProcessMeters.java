package io.mailmesh.mesh.metrics;

import com.google.inject.Inject;
import io.mailmesh.mesh.handler.Lifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process's own meters (heap and pools, GC pauses, threads, classes, CPU, open files, uptime),
 * Micrometer's standard names, so the usual JVM dashboards work unchanged. The GC binder listens to the JVM's GC
 * notifications until the executable stops.
 */
public final class ProcessMeters implements Lifecycle {
    private final MeterRegistry registry;
    private JvmGcMetrics gc;

    @Inject
    public ProcessMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void start() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    @Override
    public void stop() {
        if (gc != null) {
            gc.close();
        }
    }

    @Override
    public StopOrder stopOrder() {
        return StopOrder.AFTER_HANDLERS;
    }
}
