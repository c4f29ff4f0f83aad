package io.mailmesh.apiemitter.gateway;

/**
 * A parsed ingress message.
 *
 * @param topic   the subject to publish on
 * @param payload the JSON object published: the message without the gateway's keys ({@code topic}, {@code wait})
 * @param awaitReply    whether the caller waits for the worker's reply (request/reply routes, HTTP and WebSocket)
 */
public record IngressMessage(String topic, byte[] payload, boolean awaitReply) {
}
