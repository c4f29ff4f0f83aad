package io.mailmesh.apiemitter.gateway;

/** The outbox holds its maximum: the caller should retry later (503 with Retry-After). */
public final class OutboxFullException extends Exception {
    public OutboxFullException(int max) {
        super("the gateway's outbox is full (" + max + " messages waiting for NATS); retry later", null, false,
                false);
    }
}
