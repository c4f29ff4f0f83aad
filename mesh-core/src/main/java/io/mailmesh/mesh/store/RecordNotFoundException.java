package io.mailmesh.mesh.store;

/** The record asked for does not exist. */
public class RecordNotFoundException extends StoreException {
    private final String kind;
    private final String id;

    /**
     * @param kind record kind, e.g. {@code identity}
     * @param id   the id (or key) that was looked up
     */
    public RecordNotFoundException(String kind, String id) {
        super(kind + " not found: " + id);
        this.kind = kind;
        this.id = id;
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
