package io.mailmesh.mesh.discovery;

import io.mailmesh.mesh.middleware.Middleware;
import io.mailmesh.mesh.middleware.Result;
import io.mailmesh.mesh.middleware.Step;
import io.mailmesh.orders.Route;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts every order, durable ones included, for the NATS micro service stats. */
public final class StatsMiddleware implements Middleware {
    private final Map<String, EndpointStats> stats = new ConcurrentHashMap<>();

    @Override
    public Step wrap(Step next) {
        return invocation -> {
            long start = System.nanoTime();
            Result result = next.invoke(invocation);
            String error = result.reply().error() ? result.reply().code() + ": " + result.reply().message() : null;
            of(invocation.route()).record(System.nanoTime() - start, error);
            return result;
        };
    }

    /** The stats of a route, created at registration so unused endpoints are listed too. */
    public EndpointStats of(Route route) {
        return stats.computeIfAbsent(route.subject(), s -> new EndpointStats(route));
    }
}
