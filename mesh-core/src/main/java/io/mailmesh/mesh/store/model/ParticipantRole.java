package io.mailmesh.mesh.store.model;

/** The role of a participant in a message. */
public enum ParticipantRole {
    FROM, TO, CC, BCC, REPLY_TO, SENDER
}
