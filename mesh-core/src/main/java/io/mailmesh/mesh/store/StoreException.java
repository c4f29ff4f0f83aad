package io.mailmesh.mesh.store;

/** Base of every store failure. Messages never carry credentials. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
