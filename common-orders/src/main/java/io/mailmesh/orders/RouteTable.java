package io.mailmesh.orders;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A topic table: seed 002's ({@link Routes#TABLE}) or an extension's. An extension module implements it with a
 * public no-argument constructor and lists the class in
 * {@code META-INF/services/io.mailmesh.orders.RouteTable}; {@link RouteTables} then finds it, and so do the
 * runtime (durable streams, metrics) and {@code nats-auth init} (credentials derived from the routes).
 */
public interface RouteTable {

    /** A short lower-case name; it names the table's durable stream, so it never changes once deployed. */
    String name();

    List<Route> routes();

    /** The routes an executable subscribes to. */
    default List<Route> subscribedBy(String executable) {
        return routes().stream().filter(r -> r.subscriber().equals(executable)).toList();
    }

    default Optional<Route> bySubject(String subject) {
        return routes().stream().filter(r -> r.subject().equals(subject)).findFirst();
    }

    /** The executables that handle this table's routes, in the table's order. */
    default List<String> subscribers() {
        Set<String> names = new LinkedHashSet<>();
        routes().forEach(r -> names.add(r.subscriber()));
        return List.copyOf(names);
    }

    /** True when {@code executable} handles or emits on one of these routes. */
    default boolean isUsedBy(String executable) {
        return routes().stream().anyMatch(r -> r.subscriber().equals(executable)
                || r.emitters().contains(executable));
    }

    /**
     * The object stores {@code executable} owns (reads, writes and creates), beyond its routes; an extension
     * that keeps files lists them here so its credentials allow them and nothing else.
     */
    default Set<String> objectStoresOf(String executable) {
        return Set.of();
    }

    /** A table of fixed routes. */
    static RouteTable of(String name, List<Route> routes) {
        List<Route> copy = List.copyOf(routes);
        return new RouteTable() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Route> routes() {
                return copy;
            }
        };
    }
}
