package io.mailmesh.mesh.store.model;

/**
 * An e-mail address of a contact.
 *
 * @param address e-mail address
 * @param label   label such as "work", or null
 */
public record ContactEmail(String address, String label) {
}
