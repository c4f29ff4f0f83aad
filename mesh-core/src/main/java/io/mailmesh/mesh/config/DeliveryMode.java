package io.mailmesh.mesh.config;

/** How pub/sub routes are delivered. */
public enum DeliveryMode {
    /** A JetStream stream records pub/sub orders; durable consumers ack, retry with back-off and dead-letter. */
    DURABLE,
    /** Plain queue subscriptions, for servers without JetStream: an order published while no worker runs is lost. */
    CORE
}
