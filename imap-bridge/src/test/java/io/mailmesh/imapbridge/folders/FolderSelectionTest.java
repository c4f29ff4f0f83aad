package io.mailmesh.imapbridge.folders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Roles from SPECIAL-USE attributes (GreenMail announces none, so these are checked here) and name fallbacks. */
class FolderSelectionTest {
    @Test
    void aSpecialUseAttributeWinsOverTheName() {
        assertThat(FolderRole.of("Gesendete Objekte", '/', new String[] {"\\HasNoChildren", "\\Sent"}))
                .contains(FolderRole.SENT);
        assertThat(FolderRole.of("Sent", '/', new String[] {"\\Archive"})).contains(FolderRole.ARCHIVE);
    }

    @Test
    void withoutAttributesTheLastNameSegmentDecides() {
        assertThat(FolderRole.of("INBOX.Spam", '.', new String[0])).contains(FolderRole.JUNK);
        assertThat(FolderRole.of("[Gmail]/Sent Mail", '/', null)).contains(FolderRole.SENT);
        assertThat(FolderRole.of("Deleted Items", '/', null)).contains(FolderRole.TRASH);
        assertThat(FolderRole.of("Projects/Trash talk", '/', null)).isEmpty();
        assertThat(FolderRole.of("Projects", '/', null)).isEmpty();
    }

    @Test
    void theDefaultChoiceSkipsTrashJunkDraftsAndUnselectableFolders() {
        // given
        List<ListedFolder> listed = List.of(
                folder("INBOX", null), folder("Corbeille", FolderRole.TRASH), folder("Spam", FolderRole.JUNK),
                folder("Drafts", FolderRole.DRAFTS), folder("Sent", FolderRole.SENT), folder("Work", null),
                new ListedFolder("[Gmail]", false, java.util.Optional.empty()));

        // when
        List<ListedFolder> chosen = FolderSelection.chosen(listed, List.of("\\Trash", "\\Junk", "\\Drafts"));

        // then
        assertThat(chosen).extracting(ListedFolder::name).containsExactly("INBOX", "Sent", "Work");
    }

    @Test
    void namedEntriesMatchTheFullNameAndInboxInAnyCase() {
        List<ListedFolder> listed = List.of(folder("INBOX", null), folder("Work", null), folder("work", null));

        assertThat(FolderSelection.chosen(listed, List.of("inbox", "Work"))).extracting(ListedFolder::name)
                .containsExactly("work");
    }

    private static ListedFolder folder(String name, FolderRole role) {
        return new ListedFolder(name, true, java.util.Optional.ofNullable(role));
    }
}
