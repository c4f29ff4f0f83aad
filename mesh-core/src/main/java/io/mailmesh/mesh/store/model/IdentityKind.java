package io.mailmesh.mesh.store.model;

/** Whether an identity is one of ours (a local mailbox) or a remote account the mesh polls. */
public enum IdentityKind {
    LOCAL, REMOTE
}
