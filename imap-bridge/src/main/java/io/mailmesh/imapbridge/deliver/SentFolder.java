package io.mailmesh.imapbridge.deliver;

import io.mailmesh.imapbridge.folders.AccountFolders;
import io.mailmesh.imapbridge.folders.FolderRole;
import io.mailmesh.imapbridge.folders.ListedFolder;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.ByteArrayInputStream;
import java.util.Date;
import java.util.Optional;

/**
 * Appends a sent copy to the account's Sent folder: the folder with the SPECIAL-USE attribute {@code \Sent}, else
 * one with a usual Sent name ({@link FolderRole}), else a folder named {@code Sent}, created when missing. The copy
 * is flagged {@code \Seen} and dated with the message date. A copy whose Message-ID is already there is not
 * appended twice.
 */
public final class SentFolder {
    static final String DEFAULT_NAME = "Sent";

    private SentFolder() {
    }

    /** @return the name of the folder the copy is in */
    public static String append(Store store, byte[] raw) throws MessagingException {
        Folder sent = find(store);
        if (!sent.exists() && !sent.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("cannot create folder " + sent.getFullName());
        }
        Session session = Session.getInstance(new java.util.Properties());
        MimeMessage message = new DatedMessage(session, raw);
        String messageId = message.getMessageID();
        sent.open(Folder.READ_WRITE);
        try {
            if (messageId != null && sent.search(new HeaderTerm("Message-ID", messageId)).length > 0) {
                return sent.getFullName();
            }
            message.setFlag(Flags.Flag.SEEN, true);
            sent.appendMessages(new Message[] {message});
            return sent.getFullName();
        } finally {
            sent.close(false);
        }
    }

    private static Folder find(Store store) throws MessagingException {
        Optional<ListedFolder> sent = AccountFolders.withRole(AccountFolders.list(store), FolderRole.SENT);
        return store.getFolder(sent.map(ListedFolder::name).orElse(DEFAULT_NAME));
    }

    /** A parsed message whose internal date (used by APPEND) is its own Date header. */
    private static final class DatedMessage extends MimeMessage {
        DatedMessage(Session session, byte[] raw) throws MessagingException {
            super(session, new ByteArrayInputStream(raw));
        }

        @Override
        public Date getReceivedDate() throws MessagingException {
            Date sent = getSentDate();
            return sent == null ? new Date() : sent;
        }
    }
}
