package io.mailmesh.imapbridge.folders;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a folder is for: its RFC 6154 SPECIAL-USE attribute when the server announces one, else guessed from the
 * last segment of its name with the names common servers and clients use.
 */
public enum FolderRole {
    SENT("\\Sent", Set.of("sent", "sent items", "sent messages", "sent mail", "envoyés", "gesendet")),
    TRASH("\\Trash", Set.of("trash", "deleted items", "deleted messages", "bin", "corbeille", "papierkorb")),
    JUNK("\\Junk", Set.of("junk", "spam", "junk e-mail", "junk email", "bulk mail", "indésirables")),
    DRAFTS("\\Drafts", Set.of("drafts", "draft", "brouillons", "entwürfe")),
    ARCHIVE("\\Archive", Set.of("archive", "archives")),
    ALL("\\All", Set.of("all mail")),
    FLAGGED("\\Flagged", Set.of("starred", "flagged"));

    private final String attribute;
    private final Set<String> names;

    FolderRole(String attribute, Set<String> names) {
        this.attribute = attribute;
        this.names = names;
    }

    /** The SPECIAL-USE attribute, e.g. {@code \Sent}. */
    public String attribute() {
        return attribute;
    }

    /** The role of a folder: from its attributes first, else from its name; empty for an ordinary folder. */
    public static Optional<FolderRole> of(String fullName, char separator, String[] attributes) {
        if (attributes != null) {
            for (String a : attributes) {
                for (FolderRole role : values()) {
                    if (role.attribute.equalsIgnoreCase(a)) {
                        return Optional.of(role);
                    }
                }
            }
        }
        String last = fullName;
        int cut = separator == 0 ? -1 : fullName.lastIndexOf(separator);
        if (cut >= 0) {
            last = fullName.substring(cut + 1);
        }
        String key = last.strip().toLowerCase(Locale.ROOT);
        for (FolderRole role : values()) {
            if (role.names.contains(key)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** The role named by a SPECIAL-USE attribute ({@code \Trash}, case-insensitive), if any. */
    public static Optional<FolderRole> ofAttribute(String attribute) {
        for (FolderRole role : values()) {
            if (role.attribute.equalsIgnoreCase(attribute)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
