package io.mailmesh.mesh.runtime;

import com.google.inject.Injector;
import com.google.inject.Key;
import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.delivery.DeliveryEngine;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.delivery.StreamLimits;
import io.mailmesh.mesh.discovery.MicroServiceResponder;
import io.mailmesh.mesh.discovery.ServedEndpoint;
import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.mesh.management.ManagementServer;
import io.mailmesh.mesh.replication.Replicas;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running executable. Starts in order: durable topology, handlers, micro service registration, the worker's
 * lifecycles, the management port. Stops in reverse: lifecycles that bring work in first, then the handlers finish
 * or give back what they hold, then the lifecycles the handlers used, then the connection drains.
 */
public final class MeshRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeshRuntime.class);

    private final Injector injector;
    private final MeshConfig config;
    private final Connection connection;
    private final DeliveryEngine engine;
    private final List<Lifecycle> lifecycles;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private MicroServiceResponder microService;
    private ManagementServer management;
    private volatile boolean serving;
    private boolean closed;

    MeshRuntime(Injector injector) {
        this.injector = injector;
        this.config = injector.getInstance(MeshConfig.class);
        this.connection = injector.getInstance(Connection.class);
        this.engine = injector.getInstance(DeliveryEngine.class);
        this.lifecycles = injector.getInstance(new Key<List<Lifecycle>>() { });
    }

    void start() throws Exception {
        if (config.delivery() == DeliveryMode.DURABLE) {
            new DurableTopology(connection, injector.getInstance(Replicas.class).count(),
                    injector.getInstance(StreamLimits.class), DurableTopology.tablesOf(config.executable())).ensure();
        }
        engine.start();
        microService = new MicroServiceResponder(connection, config.executable(), config.instanceId(),
                engine.endpoints(), List.copyOf(injector.getInstance(new Key<Set<ServedEndpoint>>() { })));
        microService.start();
        for (Lifecycle lifecycle : lifecycles) {
            lifecycle.start();
        }
        management = new ManagementServer(config.httpPort(), this::isReady,
                injector.getInstance(PrometheusMeterRegistry.class));
        management.start();
        serving = true;
        LOG.info("{} {} started; management on :{}", config.executable(), config.instanceId(), management.port());
    }

    /** Ready while serving, connected to NATS, and every lifecycle says it is ready. */
    public boolean isReady() {
        return serving && connection.getStatus() == Connection.Status.CONNECTED
                && lifecycles.stream().allMatch(Lifecycle::isReady);
    }

    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    public Injector injector() {
        return injector;
    }

    public MeshConfig config() {
        return config;
    }

    public int managementPort() {
        return management.port();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serving = false;
        LOG.info("{} {} stopping", config.executable(), config.instanceId());
        Duration grace = config.drainTimeout();
        try {
            stopLifecycles(Lifecycle.StopOrder.BEFORE_HANDLERS);
            quietly("the handlers", () -> engine.stop(grace));
            stopLifecycles(Lifecycle.StopOrder.AFTER_HANDLERS);
            if (microService != null) {
                quietly("the micro service", microService::stop);
            }
            if (connection.getStatus() == Connection.Status.CONNECTED) {
                quietly("the connection drain", () -> connection.drain(grace).get());
            }
            quietly("the connection", connection::close);
            if (management != null) {
                quietly("the management port", management::stop);
            }
            LOG.info("{} {} stopped", config.executable(), config.instanceId());
        } finally {
            stopped.countDown();
        }
    }

    private void stopLifecycles(Lifecycle.StopOrder order) {
        for (Lifecycle lifecycle : reversed(lifecycles)) {
            if (lifecycle.stopOrder() == order) {
                quietly("a lifecycle", lifecycle::stop);
            }
        }
    }

    /** One step of a stop: a failure is logged and the stop goes on, so a half-closed process never hangs. */
    private static void quietly(String what, StopStep step) {
        try {
            step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{} did not stop cleanly: {}", what, e.toString());
        }
    }

    @FunctionalInterface
    private interface StopStep {
        void run() throws Exception;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
