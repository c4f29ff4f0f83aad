package io.mailmesh.mesh.store;

/** A record whose stored form exceeds what one key-value entry may hold. */
public class RecordTooLargeException extends StoreException {
    public RecordTooLargeException(String kind, String id, long size, long limit) {
        super(kind + " " + id + " too large to store: " + size + " bytes, the limit is " + limit + " bytes");
    }
}
