package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.discovery.EndpointStats;
import io.mailmesh.mesh.discovery.StatsMiddleware;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.middleware.Middleware;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Route;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes every route an executable handles, with its queue group, and runs each order through the middleware
 * and its handler. Request/reply and mixed routes use core queue subscriptions; pub/sub routes use durable
 * consumers in durable mode.
 */
public final class DeliveryEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    private final Connection connection;
    private final MeshConfig config;
    private final OrderCodec codec;
    private final OrderEmitter emitter;
    private final DeadLetters deadLetters;
    private final List<Middleware> middleware;
    private final StatsMiddleware stats;
    private final Map<Route, List<HandlerBinding<?>>> bindingsByRoute = new LinkedHashMap<>();
    private final List<RouteSubscription> subscriptions = new ArrayList<>();
    private final DeadlineWatch deadlines = new DeadlineWatch();

    public DeliveryEngine(Connection connection, MeshConfig config, OrderCodec codec, OrderEmitter emitter,
                          DeadLetters deadLetters, List<Middleware> middleware, StatsMiddleware stats,
                          List<HandlerBinding<?>> bindings) {
        this.connection = connection;
        this.config = config;
        this.codec = codec;
        this.emitter = emitter;
        this.deadLetters = deadLetters;
        this.middleware = List.copyOf(middleware);
        this.stats = stats;
        for (HandlerBinding<?> binding : bindings) {
            bindingsByRoute.computeIfAbsent(binding.route(), r -> new ArrayList<>()).add(binding);
        }
    }

    /** The stats of every route handled here, for the micro service registration. */
    public List<EndpointStats> endpoints() {
        return bindingsByRoute.keySet().stream().map(stats::of).toList();
    }

    public void start() throws Exception {
        for (var entry : bindingsByRoute.entrySet()) {
            Route route = entry.getKey();
            int concurrency = Math.min(256, entry.getValue().stream().mapToInt(b -> b.options().maxConcurrent()).sum());
            var pipeline = Middleware.chain(middleware, new RouteDispatch(route, entry.getValue(), codec, deadlines));
            RoutePipeline handling = new RoutePipeline(route, pipeline, emitter);
            RouteSubscription subscription = isDurable(route)
                    ? new DurableRouteSubscription(connection, new RouteRunner(handling, concurrency), deadLetters,
                    config.maxDeliveries(), new Backoff(config.backoffBase(), config.backoffMax()),
                    Math.max(64, concurrency * 4))
                    : new CoreRouteSubscription(connection, handling, concurrency, codec, deadLetters);
            subscription.start();
            subscriptions.add(subscription);
            LOG.info("subscribed {} (queue {}, {}) for {}", route.subject(), route.queueGroup(),
                    isDurable(route) ? "durable" : "core", entry.getValue().stream().map(b -> b.order().wireName())
                            .toList());
        }
    }

    /** Stops taking orders, finishes or gives back those in hand within {@code grace}. */
    public void stop(Duration grace) {
        subscriptions.forEach(s -> s.stopTaking(grace));
        subscriptions.forEach(s -> s.awaitIdle(grace));
        deadlines.close();
    }

    private boolean isDurable(Route route) {
        return config.delivery() == DeliveryMode.DURABLE && route.isPublishOnly();
    }
}
