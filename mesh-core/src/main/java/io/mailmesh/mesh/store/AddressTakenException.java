package io.mailmesh.mesh.store;

/** A local identity address that another local identity already holds. */
public class AddressTakenException extends StoreException {
    public AddressTakenException(String address) {
        super("address already belongs to another local identity: " + address);
    }
}
