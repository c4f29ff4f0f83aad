package io.mailmesh.imapbridge.imap;

import java.util.List;

/**
 * One message as fetched from a folder.
 *
 * @param uid   its UID in the folder
 * @param flags its IMAP flags at fetch time ({@code \Seen}, keywords...)
 * @param bytes the raw RFC 5322 message
 */
public record FetchedMail(long uid, List<String> flags, byte[] bytes) {
    public FetchedMail {
        flags = List.copyOf(flags);
    }
}
