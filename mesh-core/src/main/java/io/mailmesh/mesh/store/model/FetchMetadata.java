package io.mailmesh.mesh.store.model;

import java.util.List;

/**
 * Where and how a raw message was fetched.
 *
 * @param protocol protocol it came in by
 * @param folder   IMAP folder, or null
 * @param uid      IMAP UID (0 if none)
 * @param flags    IMAP flags at fetch time
 */
public record FetchMetadata(Protocol protocol, String folder, long uid, List<String> flags) {
    public FetchMetadata {
        flags = Lists.copy(flags);
    }
}
