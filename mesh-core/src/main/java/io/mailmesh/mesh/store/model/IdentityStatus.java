package io.mailmesh.mesh.store.model;

/** Whether the scheduler should poll (remote) or deliver to (local) an identity. */
public enum IdentityStatus {
    ACTIVE, INACTIVE
}
