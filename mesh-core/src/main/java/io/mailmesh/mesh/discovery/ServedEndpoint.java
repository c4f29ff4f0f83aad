package io.mailmesh.mesh.discovery;

import java.util.Map;

/**
 * An endpoint an executable serves outside the route table (a protocol bridge such as api-emitter's fanout line
 * server), listed by {@code $SRV.INFO} and {@code $SRV.STATS} beside the routes. Contributed with
 * {@code MeshBindings.endpoints(binder())}.
 */
public interface ServedEndpoint {
    /** The endpoint's name in {@code nats micro info}. */
    String name();

    /** The NATS subject (or wildcard) the endpoint carries. */
    String subject();

    /** Static facts shown by {@code $SRV.INFO} (protocol, listen address). */
    Map<String, String> metadata();

    /** Requests (lines, frames) taken in since start. */
    long requests();

    /** Requests refused with an error. */
    long errors();

    /** Live figures shown by {@code $SRV.STATS} in the endpoint's {@code data} (connections, subscriptions, …). */
    Map<String, Long> data();
}
