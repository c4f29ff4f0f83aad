package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.middleware.Failure;
import io.mailmesh.mesh.middleware.Invocation;
import io.mailmesh.mesh.middleware.Result;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.Reply;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A handler with its per-handler limits: at most {@code maxConcurrent} orders at once, and an alarm at
 * {@code timeout} that settles the order with a retryable {@code timeout} failure, so a requester never waits on a
 * handler that hangs; the handler's pool thread is then interrupted, and a late result is ignored.
 */
final class BoundHandler {
    private final HandlerBinding<?> binding;
    private final Semaphore permits;
    private final DeadlineWatch deadlines;

    BoundHandler(HandlerBinding<?> binding, DeadlineWatch deadlines) {
        this.binding = binding;
        this.permits = new Semaphore(binding.options().maxConcurrent());
        this.deadlines = deadlines;
    }

    Result call(Order order, Invocation invocation) throws Exception {
        long timeoutMillis = binding.options().timeout().toMillis();
        if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return Result.failed(new Failure("busy", binding.order() + " is at its concurrency limit", true, 503,
                    null), binding.order().wireName());
        }
        Thread worker = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        long watch = deadlines.watch(timeoutMillis, () -> {
            Failure timeout = new Failure("timeout", binding.order() + " did not finish within " + timeoutMillis
                    + " ms", true, 504, null);
            if (invocation.completion().complete(Result.failed(timeout, binding.order().wireName()))) {
                fired.set(true);
                worker.interrupt();
            }
        });
        try {
            OrderContext context = new OrderContext(invocation.route(), invocation.correlationId(),
                    invocation.attempt(), invocation.emitter());
            Reply reply = binding.invoke(order, context);
            return Result.success(reply, binding.order().wireName());
        } finally {
            deadlines.done(watch);
            permits.release();
            if (fired.get()) {
                Thread.interrupted(); // the pool thread goes back clean
            }
        }
    }
}
