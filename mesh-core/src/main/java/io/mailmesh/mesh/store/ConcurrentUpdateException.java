package io.mailmesh.mesh.store;

/** A compare-and-set update kept losing to other writers and gave up. */
public class ConcurrentUpdateException extends StoreException {
    public ConcurrentUpdateException(String kind, String id, int attempts) {
        super(kind + " " + id + " changed concurrently " + attempts + " times in a row; update abandoned");
    }
}
