package io.mailmesh.mesh.store;

/** An id that a NATS key cannot hold (see {@link Ids#PATTERN}). */
public class InvalidIdException extends StoreException {
    public InvalidIdException(String kind, String id) {
        super("invalid " + kind + " id: " + (id == null ? "null"
                : '"' + (id.length() > 64 ? id.substring(0, 64) + "..." : id) + '"')
                + " (1-128 characters of A-Z a-z 0-9 _ - =)");
    }
}
