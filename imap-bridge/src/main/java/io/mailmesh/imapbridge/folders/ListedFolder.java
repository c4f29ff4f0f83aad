package io.mailmesh.imapbridge.folders;

import java.util.Optional;

/**
 * One folder of an account as LIST reported it.
 *
 * @param name       full name, as the server spells it
 * @param selectable whether it holds messages (neither {@code \Noselect} nor {@code \NonExistent})
 * @param role       what it is for, if it is a special folder
 */
public record ListedFolder(String name, boolean selectable, Optional<FolderRole> role) {
    public boolean is(FolderRole r) {
        return role.isPresent() && role.get() == r;
    }
}
