package io.mailmesh.apiemitter.middleman;

/** What a key enables: a service every command, a client only what a service enabled. */
public enum Role {
    SERVICE, CLIENT
}
