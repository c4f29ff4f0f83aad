package io.mailmesh.mesh.middleware;

import org.slf4j.MDC;

/** Puts the correlation id and subject in the logging context for the time of the order. */
public final class CorrelationMiddleware implements Middleware {
    public static final String MDC_CORRELATION_ID = "correlation_id";
    public static final String MDC_SUBJECT = "subject";

    @Override
    public Step wrap(Step next) {
        return invocation -> {
            MDC.put(MDC_CORRELATION_ID, invocation.correlationId());
            MDC.put(MDC_SUBJECT, invocation.route().subject());
            try {
                return next.invoke(invocation);
            } finally {
                MDC.remove(MDC_CORRELATION_ID);
                MDC.remove(MDC_SUBJECT);
            }
        };
    }
}
