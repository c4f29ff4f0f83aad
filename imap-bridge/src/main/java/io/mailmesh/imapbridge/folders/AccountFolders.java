package io.mailmesh.imapbridge.folders;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.angus.mail.imap.IMAPFolder;

/** Lists every folder of an account in one {@code LIST "" *}, with its role and whether it can be selected. */
public final class AccountFolders {
    private AccountFolders() {
    }

    /** All folders, INBOX first, then by name. */
    public static List<ListedFolder> list(Store store) throws MessagingException {
        List<ListedFolder> out = new ArrayList<>();
        for (Folder f : store.getDefaultFolder().list("*")) {
            String[] attributes = f instanceof IMAPFolder imap ? imap.getAttributes() : new String[0];
            boolean selectable = (f.getType() & Folder.HOLDS_MESSAGES) != 0 && !has(attributes, "\\Noselect")
                    && !has(attributes, "\\NonExistent");
            String name = f.getFullName();
            boolean inbox = "INBOX".equalsIgnoreCase(name);
            out.add(new ListedFolder(inbox ? "INBOX" : name, selectable,
                    inbox ? Optional.empty() : FolderRole.of(name, f.getSeparator(), attributes)));
        }
        out.sort(Comparator.comparing((ListedFolder l) -> !"INBOX".equals(l.name())).thenComparing(ListedFolder::name));
        return out;
    }

    /** The folder of {@code role}, if the account has one. */
    public static Optional<ListedFolder> withRole(List<ListedFolder> folders, FolderRole role) {
        return folders.stream().filter(f -> f.selectable() && f.is(role)).findFirst();
    }

    private static boolean has(String[] attributes, String wanted) {
        if (attributes != null) {
            for (String a : attributes) {
                if (wanted.equalsIgnoreCase(a)) {
                    return true;
                }
            }
        }
        return false;
    }
}
