package io.mailmesh.mesh.net;

/**
 * A user-chosen host the mesh will not connect to. The message is safe to give back to the user: it names the host
 * the user gave, never the addresses it resolved to.
 */
public final class OutboundRefusedException extends Exception {
    public OutboundRefusedException(String message) {
        super(message, null, false, false);
    }
}
