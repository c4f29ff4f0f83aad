package io.mailmesh.mesh.middleware;

/** Settles an order once: the first call wins, later ones (a late handler after a timeout) do nothing. */
public interface Completion {
    /** Returns true if this call settled the order. */
    boolean complete(Result result);
}
