package io.mailmesh.mesh.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items      the records of this page
 * @param nextCursor opaque cursor for the next page, or null on the last page (see {@link #next()})
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    /** The cursor of the next page, empty on the last page. */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
