package io.mailmesh.mesh.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.delivery.DeadLetters;
import io.mailmesh.mesh.delivery.DeliveryEngine;
import io.mailmesh.mesh.delivery.StreamLimits;
import io.mailmesh.mesh.replication.Replicas;
import io.mailmesh.mesh.discovery.StatsMiddleware;
import io.mailmesh.mesh.emit.NatsOrderEmitter;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerOptions;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.mesh.middleware.CorrelationMiddleware;
import io.mailmesh.mesh.middleware.LoggingMiddleware;
import io.mailmesh.mesh.middleware.MetricsMiddleware;
import io.mailmesh.mesh.middleware.RecovererMiddleware;
import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.metrics.ProcessMeters;
import io.mailmesh.orders.OrderCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Provides the runtime every executable shares: the codec, the emitter, metrics, dead letters, the middleware chain
 * and the delivery engine over the handlers the worker modules contribute.
 */
public final class MeshCoreModule extends AbstractModule {
    private final MeshConfig config;

    public MeshCoreModule(MeshConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(MeshConfig.class).toInstance(config);
        MeshBindings.handlers(binder());
        MeshBindings.lifecycles(binder()).addBinding().to(ProcessMeters.class);
        MeshBindings.endpoints(binder());
        bind(OrderCodec.class).toInstance(new OrderCodec());
        bind(StatsMiddleware.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("executable", config.executable(), "instance", config.instanceId());
        return registry;
    }

    @Provides
    @Singleton
    MeterRegistry meterRegistry(PrometheusMeterRegistry prometheus) {
        return prometheus;
    }

    @Provides
    @Singleton
    OrderEmitter emitter(Connection connection, OrderCodec codec) {
        return new NatsOrderEmitter(connection, config.delivery(), codec);
    }

    @Provides
    @Singleton
    DeadLetters deadLetters(Connection connection, MeterRegistry registry) throws IOException {
        return new DeadLetters(connection, config.delivery() == DeliveryMode.DURABLE ? connection.jetStream() : null,
                config.executable() + "/" + config.instanceId(), registry);
    }

    @Provides
    @Singleton
    DeliveryEngine engine(Connection connection, OrderCodec codec, OrderEmitter emitter, DeadLetters deadLetters,
                          MeterRegistry registry, StatsMiddleware stats, Set<HandlerSet> handlerSets) {
        HandlerOptions defaults = config.handlerDefaults();
        List<HandlerBinding<?>> bindings = handlerSets.stream().flatMap(set -> set.bindings().stream())
                .map(b -> b.options() == HandlerOptions.DEFAULTS ? b.withOptions(defaults) : b).toList();
        return new DeliveryEngine(connection, config, codec, emitter, deadLetters,
                List.of(new CorrelationMiddleware(), new LoggingMiddleware(), new MetricsMiddleware(registry), stats,
                        new RecovererMiddleware()), stats, bindings);
    }

    @Provides
    @Singleton
    StreamLimits streamLimits() {
        return StreamLimits.from(System.getenv());
    }

    /** Where user-chosen hosts may be: {@code MESH_OUTBOUND_ALLOW}, public only unless in development. */
    @Provides
    @Singleton
    OutboundGuard outboundGuard(MeshConfig config) {
        return OutboundGuard.from(System.getenv(), config.developmentProfile());
    }

    /** {@code MESH_REPLICAS}: the replicas of every stream and bucket this executable creates or checks. */
    @Provides
    @Singleton
    Replicas replicas() {
        return Replicas.from(System.getenv());
    }

    @Provides
    @Singleton
    List<Lifecycle> lifecycles(Set<Lifecycle> lifecycles) {
        return List.copyOf(lifecycles);
    }
}
