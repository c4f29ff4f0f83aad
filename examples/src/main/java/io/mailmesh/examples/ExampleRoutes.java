package io.mailmesh.examples;

import static io.mailmesh.orders.Mode.PUB_SUB;
import static io.mailmesh.orders.Mode.REQUEST_REPLY;

import io.mailmesh.examples.cache.CachedEcho;
import io.mailmesh.examples.echo.Echo;
import io.mailmesh.examples.files.Thumbnail;
import io.mailmesh.examples.pingpong.Ping;
import io.mailmesh.examples.stream.StreamEcho;
import io.mailmesh.examples.stream.StreamEchoed;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.RouteTable;
import java.util.List;
import java.util.Set;

/**
 * Seed 001's examples as an extension route table, found by {@code ServiceLoader} (see
 * {@code META-INF/services/io.mailmesh.orders.RouteTable}): the runtime, provisioning and {@code nats-auth init}
 * pick it up from the class path.
 */
public final class ExampleRoutes implements RouteTable {
    public static final String ECHO_WORKER = "echo-worker";
    public static final String ECHO_CLIENT = "echo-client";
    public static final String PING_PLAYER = "ping-player";
    public static final String PONG_PLAYER = "pong-player";
    public static final String FILES_WORKER = "files-worker";
    public static final String FILES_CLIENT = "files-client";
    public static final String STREAM_ECHO_WORKER = "stream-echo-worker";
    public static final String STREAM_ECHO_CLIENT = "stream-echo-client";
    /** Where files are kept: the files worker and its client own this object store, nobody else sees it. */
    public static final String FILES_BUCKET = "exampleFiles";

    public static final Route ECHO = Route.extension("exampleEcho", "echoworkers", REQUEST_REPLY,
            Set.of(Echo.KIND), ECHO_WORKER, List.of(ECHO_CLIENT));
    public static final Route CACHED_ECHO = Route.extension("exampleCachedEcho", "echoworkers", REQUEST_REPLY,
            Set.of(CachedEcho.KIND), ECHO_WORKER, List.of(ECHO_CLIENT));
    public static final Route PING_PONG = Route.extension("examplePingPong", "pongplayers", REQUEST_REPLY,
            Set.of(Ping.KIND), PONG_PLAYER, List.of(PING_PLAYER));
    public static final Route FILES = Route.extension("exampleFiles", "filesworkers", REQUEST_REPLY,
            Set.of(Thumbnail.KIND), FILES_WORKER, List.of(FILES_CLIENT));
    public static final Route STREAM_ECHO = Route.extension("exampleStreamEcho", "streamechoworkers", PUB_SUB,
            Set.of(StreamEcho.KIND), STREAM_ECHO_WORKER, List.of(STREAM_ECHO_CLIENT));
    public static final Route STREAM_ECHOED = Route.extension("exampleStreamEchoed", "streamechoclients",
            PUB_SUB, Set.of(StreamEchoed.KIND), STREAM_ECHO_CLIENT, List.of(STREAM_ECHO_WORKER));

    private static final List<Route> ALL = List.of(ECHO, CACHED_ECHO, PING_PONG, FILES, STREAM_ECHO, STREAM_ECHOED);

    @Override
    public String name() {
        return "examples";
    }

    @Override
    public List<Route> routes() {
        return ALL;
    }

    @Override
    public Set<String> objectStoresOf(String executable) {
        return executable.equals(FILES_WORKER) || executable.equals(FILES_CLIENT) ? Set.of(FILES_BUCKET) : Set.of();
    }
}
