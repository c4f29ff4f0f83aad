package io.mailmesh.mesh.discovery;

import io.mailmesh.orders.Route;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** The counters {@code $SRV.STATS} reports for one endpoint (a route this executable handles). */
public final class EndpointStats {
    /** {@code last_error} quotes the failure: one echoing a hostile payload must not make every stats reply big. */
    static final int LAST_ERROR_MAX_CHARS = 512;
    private final Route route;
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder processingNanos = new LongAdder();
    private final AtomicReference<String> lastError = new AtomicReference<>("");

    public EndpointStats(Route route) {
        this.route = route;
    }

    public Route route() {
        return route;
    }

    void record(long nanos, String error) {
        requests.increment();
        processingNanos.add(nanos);
        if (error != null) {
            errors.increment();
            lastError.set(error.length() <= LAST_ERROR_MAX_CHARS ? error
                    : error.substring(0, LAST_ERROR_MAX_CHARS - 3) + "...");
        }
    }

    public long requests() {
        return requests.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public long processingNanos() {
        return processingNanos.sum();
    }

    public String lastError() {
        return lastError.get();
    }
}
