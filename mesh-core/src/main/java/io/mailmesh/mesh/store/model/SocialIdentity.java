package io.mailmesh.mesh.store.model;

/**
 * A contact's account on a social network.
 *
 * @param network network, e.g. {@code twitter}
 * @param name    screen name or account id on that network
 */
public record SocialIdentity(String network, String name) {
}
