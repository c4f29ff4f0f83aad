package io.mailmesh.mesh.store.model;

import java.util.List;

/**
 * Where and how a raw message was fetched.
 *
 * @param protocol   protocol it came in by
 * @param folder     IMAP folder, or null
 * @param uid        IMAP UID (0 if none)
 * @param flags      IMAP flags at fetch time
 * @param sentFolder whether the folder is the account's Sent folder: its mails are the user's, whatever their From
 *                   says (an alias the mesh does not know), so they are imported as sent
 */
public record FetchMetadata(Protocol protocol, String folder, long uid, List<String> flags, boolean sentFolder) {
    public FetchMetadata {
        flags = Lists.copy(flags);
    }

    /** Metadata of a mail fetched from anywhere but a Sent folder. */
    public FetchMetadata(Protocol protocol, String folder, long uid, List<String> flags) {
        this(protocol, folder, uid, flags, false);
    }
}
