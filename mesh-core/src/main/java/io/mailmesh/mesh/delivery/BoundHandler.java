package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.middleware.Failure;
import io.mailmesh.mesh.middleware.Invocation;
import io.mailmesh.mesh.middleware.Result;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.Reply;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler with its per-handler limits: at most {@code maxConcurrent} orders at once, and an alarm at
 * {@code timeout} that settles the order with a retryable {@code timeout} failure, so a requester never waits on a
 * handler that hangs. At the alarm the order stops counting against {@code maxConcurrent}, a core route's taker
 * thread is replaced (see {@link RouteWorkers}), and the handler's thread is interrupted; its late result is ignored.
 */
final class BoundHandler {
    private static final int RUNNING = 0;
    private static final int RETURNED = 1;
    private static final int EXPIRING = 2;
    private static final int EXPIRED = 3;

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
            return Result.failed(new Failure(ErrorCode.BUSY.code(), binding.order() + " is at its concurrency limit",
                    true, 503, null), binding.order().wireName());
        }
        Thread worker = Thread.currentThread();
        // whichever of the handler's return and its deadline comes first owns the permit and the settling
        AtomicInteger state = new AtomicInteger(RUNNING);
        long watch = deadlines.watch(timeoutMillis, () -> {
            if (!state.compareAndSet(RUNNING, EXPIRING)) {
                return;
            }
            try {
                Failure timeout = new Failure(ErrorCode.TIMEOUT.code(), binding.order() + " did not finish within "
                        + timeoutMillis + " ms", true, 504, null);
                invocation.completion().complete(Result.failed(timeout, binding.order().wireName()));
            } finally {
                permits.release();
                if (worker instanceof RouteWorkers.Worker taker) {
                    taker.overranDeadline();
                }
                worker.interrupt();
                state.set(EXPIRED);
            }
        });
        try {
            OrderContext context = new OrderContext(invocation.route(), invocation.correlationId(),
                    invocation.attempt(), invocation.emitter(), invocation.replyTo());
            Reply reply = binding.invoke(order, context);
            return Result.success(reply, binding.order().wireName());
        } finally {
            deadlines.done(watch);
            if (state.compareAndSet(RUNNING, RETURNED)) {
                permits.release();
            } else {
                while (state.get() != EXPIRED) {
                    Thread.onSpinWait(); // the deadline is settling the order and interrupting this thread
                }
                Thread.interrupted(); // the thread goes back clean
            }
        }
    }
}
