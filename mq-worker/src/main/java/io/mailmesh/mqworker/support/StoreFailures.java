package io.mailmesh.mqworker.support;

import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.store.InvalidIdException;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.StoreException;

/** Maps store failures to order failures with a reason. */
public final class StoreFailures {
    private StoreFailures() {
    }

    /** Work that reads or writes the store and may fail with a reason. */
    @FunctionalInterface
    public interface StoreWork<T> {
        T run() throws OrderFailedException;
    }

    /**
     * Runs {@code work}: an invalid id is a rejected order, a store that cannot be reached is retryable
     * ({@code store_unavailable}); a record missing where it was not expected stays a not-found failure.
     */
    public static <T> T guard(StoreWork<T> work) throws OrderFailedException {
        try {
            return work.run();
        } catch (InvalidIdException e) {
            throw OrderFailedException.rejected("invalid_id", e.getMessage());
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound("not_found", e.getMessage());
        } catch (StoreException e) {
            throw OrderFailedException.unavailable("store_unavailable", "the store failed: " + e.getMessage(), e);
        }
    }
}
