package io.mailmesh.mesh.store.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.ServerSettings;
import io.mailmesh.mesh.store.model.SyncState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Identities stored before the back-off and folder-choice fields existed still load, with today's defaults. */
class IdentityRecordCompatibilityTest {
    /** An IMAP identity as the store wrote it before {@code backoffMinutes} and {@code skipFolders}. */
    private static final String OLD_RECORD = "{\"id\":\"i1\",\"userId\":\"u1\",\"kind\":\"REMOTE\",\"protocol\":\"IMAP\","
            + "\"address\":\"ada@example.org\",\"displayName\":null,\"incoming\":{\"host\":\"imap.example.org\","
            + "\"port\":993,\"security\":\"TLS\",\"username\":\"ada\",\"auth\":\"PASSWORD\","
            + "\"trustAllCertificates\":false},\"outgoing\":null,\"pollIntervalMinutes\":15,\"status\":\"ACTIVE\","
            + "\"syncState\":{\"uidValidity\":7,\"lastSeenUid\":42,\"lastSeenDmId\":null,\"lastSync\":null,"
            + "\"errorCount\":2,\"firstErrorAt\":null,\"lastErrorAt\":null,\"lastError\":\"x\",\"folders\":{}}}";

    @Test
    void anIdentityStoredWithoutTheNewFieldsLoadsWithoutBackOffAndWithTheDefaultFolderChoice() {
        // when
        Identity identity = Json.read(OLD_RECORD.getBytes(StandardCharsets.UTF_8), Identity.class);

        // then
        assertThat(identity.syncState().backoffMinutes()).isZero();
        assertThat(identity.syncState().errorCount()).isEqualTo(2);
        assertThat(identity.currentPollMinutes()).isEqualTo(15);
        assertThat(identity.incoming().skipFolders()).isNull();
        assertThat(identity.incoming().skippedFolders()).containsExactly("\\Trash", "\\Junk", "\\Drafts");
    }

    @Test
    void theBackOffAndTheFolderChoiceSurviveARoundTripBesideTheConfiguredInterval() {
        // given
        Identity identity = new Identity("i2", "u1", IdentityKind.REMOTE, Protocol.IMAP, "ada@example.org", null,
                new ServerSettings("imap.example.org", 993, ServerSettings.Security.TLS, "ada",
                        ServerSettings.Auth.PASSWORD, false, List.of("\\Sent", "Old/2019")), null, 15,
                IdentityStatus.ACTIVE, SyncState.INITIAL.withBackoff(60));

        // when
        Identity read = Json.read(Json.write(identity), Identity.class);

        // then
        assertThat(read).isEqualTo(identity);
        assertThat(read.pollIntervalMinutes()).isEqualTo(15);
        assertThat(read.currentPollMinutes()).isEqualTo(60);
        assertThat(read.withSyncState(read.syncState().withSuccess(java.time.Instant.EPOCH)).currentPollMinutes())
                .isEqualTo(15);
        assertThat(read.incoming().skippedFolders()).containsExactly("\\Sent", "Old/2019");
    }

    @Test
    void aFolderChoiceWithHostileEntriesIsRefusedWithAReason() {
        assertThat(ServerSettings.invalidSkipFolders(List.of("\\Bogus"))).hasValueSatisfying(r -> assertThat(r)
                .contains("not a SPECIAL-USE attribute"));
        assertThat(ServerSettings.invalidSkipFolders(List.of("a\r\nb"))).hasValueSatisfying(r -> assertThat(r)
                .contains("control characters"));
        assertThat(ServerSettings.invalidSkipFolders(List.of("x".repeat(256)))).isPresent();
        assertThat(ServerSettings.invalidSkipFolders(java.util.Collections.nCopies(101, "a"))).isPresent();
        assertThat(ServerSettings.invalidSkipFolders(List.of("\\trash", "Archiv/Ältere", "[Gmail]/Spam")))
                .isEmpty();
    }
}
