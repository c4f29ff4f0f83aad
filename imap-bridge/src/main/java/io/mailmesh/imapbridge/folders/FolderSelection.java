package io.mailmesh.imapbridge.folders;

import java.util.List;

/**
 * Which listed folders a sync covers: every selectable folder except those the identity skips
 * ({@code ServerSettings.skipFolders}: SPECIAL-USE attributes match the folder's role, anything else its full name).
 */
public final class FolderSelection {
    private FolderSelection() {
    }

    /** The folders to sync, in listing order (INBOX first). */
    public static List<ListedFolder> chosen(List<ListedFolder> listed, List<String> skip) {
        return listed.stream().filter(ListedFolder::selectable).filter(f -> !skipped(f, skip)).toList();
    }

    static boolean skipped(ListedFolder folder, List<String> skip) {
        for (String entry : skip) {
            if (entry.startsWith("\\")) {
                if (FolderRole.ofAttribute(entry).map(folder::is).orElse(false)) {
                    return true;
                }
            } else if (entry.equals(folder.name()) || "INBOX".equals(folder.name()) && "INBOX".equalsIgnoreCase(entry)) {
                return true;
            }
        }
        return false;
    }
}
