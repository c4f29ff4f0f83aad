package io.mailmesh.mesh.middleware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per order: its outcome and duration; failures at warn with the cause. */
public final class LoggingMiddleware implements Middleware {
    private static final Logger LOG = LoggerFactory.getLogger("io.mailmesh.orders");

    @Override
    public Step wrap(Step next) {
        return invocation -> {
            long start = System.nanoTime();
            Result result = next.invoke(invocation);
            long micros = (System.nanoTime() - start) / 1_000;
            if (result.failure() == null) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{} {} handled in {} µs (attempt {})", invocation.route().subject(), result.orderName(),
                            micros, invocation.attempt());
                }
            } else {
                Failure f = result.failure();
                LOG.warn("{} {} failed in {} µs (attempt {}): {} {}", invocation.route().subject(), result.orderName(),
                        micros, invocation.attempt(), f.code(), f.message(), f.cause());
            }
            return result;
        };
    }
}
