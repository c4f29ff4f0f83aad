package io.mailmesh.apiemitter.web;

import io.javalin.config.RoutesConfig;

/** A feature's HTTP routes, contributed to the server through Guice. */
public interface RouteGroup {
    void register(RoutesConfig routes);
}
