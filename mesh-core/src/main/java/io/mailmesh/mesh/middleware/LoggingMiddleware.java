package io.mailmesh.mesh.middleware;

import io.mailmesh.mesh.emit.HeaderValues;
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
                    LOG.debug("{} {} handled in {} µs (attempt {})", invocation.route().subject(),
                            HeaderValues.safe(result.orderName()), micros, invocation.attempt());
                }
            } else {
                Failure f = result.failure();
                // the order name and the message may quote the sender's bytes: one line, printable, bounded, so a
                // hostile order cannot forge log lines (the reply carries the full text)
                LOG.warn("{} {} failed in {} µs (attempt {}): {} {}", invocation.route().subject(),
                        HeaderValues.safe(result.orderName()), micros, invocation.attempt(), f.code(),
                        HeaderValues.safe(f.message()), f.cause());
            }
            return result;
        };
    }
}
