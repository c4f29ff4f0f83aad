package io.mailmesh.mesh.middleware;

import io.mailmesh.orders.Reply;

/** What handling an order came to: the reply to send, and the failure behind it if it failed. */
public record Result(Reply reply, Failure failure, String orderName) {

    public static Result success(Reply reply, String orderName) {
        return new Result(reply, null, orderName);
    }

    public static Result failed(Failure failure, String orderName) {
        return new Result(Reply.failure(failure.code(), failure.message()), failure, orderName);
    }

    public boolean succeeded() {
        return failure == null && !reply.error();
    }
}
