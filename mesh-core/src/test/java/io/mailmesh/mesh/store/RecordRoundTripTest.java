package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.model.AttachmentInfo;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.FetchMetadata;
import io.mailmesh.mesh.store.model.FolderState;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.PublicKey;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.mesh.store.model.SyncState;
import io.mailmesh.mesh.store.model.User;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecordRoundTripTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static Connection connection;
    static MeshStore store;

    @BeforeAll
    static void open() throws Exception {
        connection = StoreFixture.connect(nats.url());
        store = StoreFixture.openStore(connection);
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    @Test
    void userRoundTrips() {
        // given
        User user = new User(Ids.newId(), "Ada", Ids.newId());
        // when
        store.users().putUser(user);
        // then
        assertThat(store.users().user(user.id())).isEqualTo(user);
    }

    @Test
    void identityRoundTripsWithServerSettingsAndSyncState() {
        // given
        Instant now = Instant.parse("2024-05-01T10:15:30.123Z");
        Identity identity = StoreFixture.remoteImap("u1", "ada@example.org").withSyncState(new SyncState(42, 1000,
                "1234567890123456789", now, 2, now.minusSeconds(60), now, "timeout",
                Map.of("INBOX", new FolderState(42, 1000, now))));
        // when
        store.identities().putIdentity(identity);
        // then
        assertThat(store.identities().identity(identity.id())).isEqualTo(identity);
    }

    @Test
    void credentialsRoundTripAndNeverShowInToString() {
        // given
        Identity identity = store.identities().putIdentity(StoreFixture.remoteImap("u1", "creds@example.org"));
        Credentials credentials = Credentials.twitter("token-s3cret", "secret-s3cret", "app", "app-s3cret");
        // when
        store.identities().putCredentials(identity.id(), credentials);
        // then
        assertThat(store.identities().credentials(identity.id())).isEqualTo(credentials);
        assertThat(credentials.toString()).doesNotContain("s3cret").contains("***");
    }

    @Test
    void rawMessageRoundTripsWithItsBytes() {
        // given
        byte[] bytes = "Subject: hi\r\n\r\nhello".getBytes(StandardCharsets.UTF_8);
        RawMessage raw = new RawMessage(Ids.newId(), 0, false,
                new FetchMetadata(Protocol.IMAP, "INBOX", 77, List.of("\\Seen")));
        // when
        RawMessage stored = store.rawMessages().putRawMessage(raw, bytes);
        store.rawMessages().markDelivered(raw.id());
        // then
        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(store.rawMessages().rawMessage(raw.id())).isEqualTo(stored.withDelivered(true));
        assertThat(store.rawMessages().rawMessageBytes(raw.id())).isEqualTo(bytes);
    }

    @Test
    void messageRoundTripsWithEveryField() {
        // given
        Message message = StoreFixture.message("u1", "d1", Instant.parse("2024-01-02T03:04:05Z"), "<m1@example.org>")
                .withTags(List.of("inbox", "work"));
        message = new Message(message.id(), message.userId(), message.discussionId(), true, false, false, true,
                message.participants(), "Sujet é", "plain", "<b>html</b>", message.date(),
                new ExternalReferences("<m1@example.org>", null, List.of("<a@x>", "<b@x>"), "99"),
                message.rawMessageId(), List.of("i1", "i2"), message.tags(),
                List.of(new AttachmentInfo("a.pdf", "application/pdf", 1234, "<cid1>")));
        // when
        store.messages().putMessage(message);
        // then
        assertThat(store.messages().message("u1", message.id())).isEqualTo(message);
    }

    @Test
    void longBodiesWithNonAsciiTextQuotesAndControlCharactersRoundTrip() {
        // given bodies long enough to be written from their UTF-8 bytes
        String text = "Grüße — \"quoted\" \\ back\\slash\ttab\r\nline \u0001\u001f 😀 日本語 ".repeat(40);
        Message base = StoreFixture.message("u1", "d1", Instant.parse("2024-01-03T03:04:05Z"), "<long@example.org>");
        Message message = base.withContent("Sujet " + text, text, "<p>" + text + "</p>");
        // when
        store.messages().putMessage(message);
        // then
        assertThat(store.messages().message("u1", message.id())).isEqualTo(message);
    }

    @Test
    void discussionContactAndPublicKeyRoundTrip() {
        // given
        Participant bob = new Participant(Protocol.TWITTER, "bob", "Bob", ParticipantRole.TO, List.of());
        Discussion discussion = new Discussion(Ids.newId(), "u2", List.of(bob), 3, Instant.parse("2024-02-02T00:00:00Z"),
                "see you");
        Contact contact = StoreFixture.contact("u2", "alice@example.org", "alice");
        PublicKey key = new PublicKey("ABCDEF0123456789", "u2", contact.id(), "0123456789ABCDEF0123456789ABCDEF01234567",
                "RSA", 4096, Instant.parse("2020-01-01T00:00:00Z"), null, List.of("Alice <alice@example.org>"),
                "-----BEGIN PGP PUBLIC KEY BLOCK-----\n...", "main");
        // when
        store.discussions().putDiscussion(discussion);
        store.contacts().putContact(contact);
        store.publicKeys().putPublicKey(key);
        // then
        assertThat(store.discussions().discussion("u2", discussion.id())).isEqualTo(discussion);
        assertThat(store.contacts().contact("u2", contact.id())).isEqualTo(contact);
        assertThat(store.publicKeys().publicKey("u2", key.keyId())).isEqualTo(key);
        assertThat(store.publicKeys().publicKeysOf("u2", contact.id())).containsExactly(key);
    }

    @Test
    void missingRecordsAreTypedNotFound() {
        // when / then
        assertThatThrownBy(() -> store.users().user("nobody")).isInstanceOf(RecordNotFoundException.class)
                .satisfies(e -> assertThat(((RecordNotFoundException) e).kind()).isEqualTo("user"));
        assertThatThrownBy(() -> store.identities().identity("nobody")).isInstanceOf(RecordNotFoundException.class);
        assertThatThrownBy(() -> store.identities().credentials("nobody")).isInstanceOf(RecordNotFoundException.class);
        assertThatThrownBy(() -> store.messages().message("u1", "nobody")).isInstanceOf(RecordNotFoundException.class);
        assertThatThrownBy(() -> store.rawMessages().rawMessage("nobody")).isInstanceOf(RecordNotFoundException.class);
        assertThatThrownBy(() -> store.rawMessages().rawMessageBytes("nobody"))
                .isInstanceOf(RecordNotFoundException.class);
        assertThatThrownBy(() -> store.identities().updateSyncState("nobody", s -> s))
                .isInstanceOf(RecordNotFoundException.class);
    }

    @Test
    void deletedRecordsAreNotFound() {
        // given
        User user = store.users().putUser(new User(Ids.newId(), "gone", null));
        Message message = store.messages().putMessage(StoreFixture.message("u9", "d9", Instant.now(), "<gone@x>"));
        // when
        store.users().deleteUser(user.id());
        store.messages().deleteMessage("u9", message.id());
        // then
        assertThatThrownBy(() -> store.users().user(user.id())).isInstanceOf(RecordNotFoundException.class);
        assertThat(store.messages().messageByExternalId("u9", "<gone@x>")).isEmpty();
        assertThat(store.messages().messagesOfDiscussion("u9", "d9", null, 10).items()).isEmpty();
    }

    @Test
    void idsThatANatsKeyCannotHoldAreRejected() {
        // when / then
        for (String bad : new String[] {"", "a.b", "a b", "a*", "a>", "é", "x".repeat(129), null}) {
            assertThatThrownBy(() -> store.users().user(bad)).isInstanceOf(InvalidIdException.class);
        }
        assertThatThrownBy(() -> store.users().putUser(new User("a.b", "x", null)))
                .isInstanceOf(InvalidIdException.class);
    }

    @Test
    void aMessageTooLargeForOneEntryIsAClearError() {
        // given
        Message huge = StoreFixture.message("u1", "d1", Instant.now(), null)
                .withContent("big", "x".repeat(2 * 1024 * 1024), null);
        // when / then
        assertThatThrownBy(() -> store.messages().putMessage(huge)).isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("too large");
    }
}
