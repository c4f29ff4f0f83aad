package io.mailmesh.mesh.errors;

import io.mailmesh.mesh.middleware.Failure;
import io.mailmesh.mesh.store.AddressTakenException;
import io.mailmesh.mesh.store.ConcurrentUpdateException;
import io.mailmesh.mesh.store.InvalidIdException;
import io.mailmesh.mesh.store.RawMessageTooLargeException;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.RecordTooLargeException;
import io.mailmesh.mesh.store.StoreException;

/**
 * The one place a store failure becomes an order failure: handlers let {@link StoreException}s go, and the runtime's
 * recoverer maps them here. A handler catches one only where it means something else there (a missing raw message
 * is {@link ErrorCode#RAW_MESSAGE_NOT_FOUND}, not a generic {@link ErrorCode#NOT_FOUND}).
 */
public final class StoreFailures {
    private StoreFailures() {
    }

    /** The failure {@code e} means: wrong input is rejected for good, a store that failed is retried. */
    public static Failure of(StoreException e) {
        if (e instanceof InvalidIdException) {
            return new Failure(ErrorCode.INVALID_ID.code(), e.getMessage(), false, 400, null);
        }
        if (e instanceof RecordNotFoundException) {
            return new Failure(ErrorCode.NOT_FOUND.code(), e.getMessage(), false, 404, null);
        }
        if (e instanceof RawMessageTooLargeException) {
            return new Failure(ErrorCode.MESSAGE_TOO_LARGE.code(), e.getMessage(), false, 413, null);
        }
        if (e instanceof RecordTooLargeException) {
            return new Failure(ErrorCode.RECORD_TOO_LARGE.code(), e.getMessage(), false, 413, null);
        }
        if (e instanceof AddressTakenException) {
            return new Failure(ErrorCode.ADDRESS_TAKEN.code(), e.getMessage(), false, 409, null);
        }
        if (e instanceof ConcurrentUpdateException) {
            return new Failure(ErrorCode.CONCURRENT_UPDATE.code(), "the record kept changing under the update; "
                    + "retry", true, 409, e);
        }
        // the cause stays in the log (LoggingMiddleware): a store's message may name buckets and keys
        return new Failure(ErrorCode.STORE_UNAVAILABLE.code(), "the store is unavailable; retry later", true, 503, e);
    }
}
