package io.mailmesh.orders;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Every route table on the class path: seed 002's first, then each extension's, found once through
 * {@link ServiceLoader}. Two tables may not share a subject or a name.
 */
public final class RouteTables {
    private static volatile List<RouteTable> all;

    private RouteTables() {
    }

    public static List<RouteTable> all() {
        List<RouteTable> tables = all;
        if (tables == null) {
            synchronized (RouteTables.class) {
                if (all == null) {
                    all = discover();
                }
                tables = all;
            }
        }
        return tables;
    }

    /** The extension tables only. */
    public static List<RouteTable> extensions() {
        return all().stream().filter(t -> t != Routes.TABLE).toList();
    }

    public static Optional<Route> bySubject(String subject) {
        for (RouteTable table : all()) {
            Optional<Route> route = table.bySubject(subject);
            if (route.isPresent()) {
                return route;
            }
        }
        return Optional.empty();
    }

    /** The table that declares {@code route}; seed 002's for a route no table declares. */
    public static RouteTable owning(Route route) {
        return extensions().stream().filter(t -> t.routes().contains(route)).findFirst().orElse(Routes.TABLE);
    }

    /** An order name some table's route accepts, or empty: bounds metric tags to declared names. */
    public static Optional<OrderKind> kindNamed(String wireName) {
        for (RouteTable table : all()) {
            for (Route route : table.routes()) {
                Optional<OrderKind> kind = route.kindNamed(wireName);
                if (kind.isPresent()) {
                    return kind;
                }
            }
        }
        return Optional.empty();
    }

    private static List<RouteTable> discover() {
        List<RouteTable> tables = new ArrayList<>(List.of(Routes.TABLE));
        ServiceLoader.load(RouteTable.class, RouteTables.class.getClassLoader()).forEach(tables::add);
        check(tables);
        return List.copyOf(tables);
    }

    static void check(List<RouteTable> tables) {
        Set<String> names = new HashSet<>();
        Set<String> subjects = new HashSet<>();
        for (RouteTable table : tables) {
            if (!table.name().matches("[a-z][a-z0-9_-]{0,31}") || !names.add(table.name())) {
                throw new IllegalStateException("route table name \"" + table.name()
                        + "\" is not a short lower-case name, or is taken");
            }
            for (Route route : table.routes()) {
                if (route.isPublishOnly() && !(route.queueGroup() + "_" + route.subject()).matches("[A-Za-z0-9_-]+")) {
                    throw new IllegalStateException(route.subject() + " (" + route.queueGroup() + ") is durable: "
                            + "its subject and queue group name a JetStream consumer, so only letters, digits, _ and -");
                }
                if (!subjects.add(route.subject())) {
                    throw new IllegalStateException(route.subject() + " is declared by two route tables");
                }
            }
        }
    }
}
