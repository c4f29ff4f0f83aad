package io.mailmesh.mesh.store;

/**
 * A record with the bucket revision it was read at; pass the revision back to a compare-and-set write.
 *
 * @param value    the record
 * @param revision its key-value revision
 */
public record Versioned<T>(T value, long revision) {
}
