package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.ServerSettings;
import io.mailmesh.mesh.store.model.SocialIdentity;
import io.mailmesh.mesh.store.model.SyncState;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Connections, isolated stores (a bucket prefix per store) and sample records for store tests. */
final class StoreFixture {
    static final byte[] KEY = new byte[32];
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 3);
        }
    }

    private StoreFixture() {
    }

    static Connection connect(String url) throws Exception {
        return Nats.connect(Options.builder().server(url).reconnectWait(Duration.ofMillis(50)).maxReconnects(-1)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }

    static StoreSettings settings(String prefix) {
        return new StoreSettings(1, StoreSettings.Storage.FILE, KEY, StoreSettings.DEFAULT_MAX_RAW_MESSAGE_BYTES,
                prefix);
    }

    static String newPrefix() {
        return "t" + PREFIXES.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffffff) + "_";
    }

    static MeshStore openStore(Connection connection) {
        return JetStreamMeshStore.open(connection, settings(newPrefix()));
    }

    static Identity remoteImap(String userId, String address) {
        return new Identity(Ids.newId(), userId, IdentityKind.REMOTE, Protocol.IMAP, address, "Remote " + address,
                new ServerSettings("imap.example.org", 993, ServerSettings.Security.TLS, address,
                        ServerSettings.Auth.PASSWORD),
                new ServerSettings("smtp.example.org", 587, ServerSettings.Security.STARTTLS, address,
                        ServerSettings.Auth.XOAUTH2, true),
                15, IdentityStatus.ACTIVE, SyncState.INITIAL);
    }

    static Identity local(String userId, String address) {
        return new Identity(Ids.newId(), userId, IdentityKind.LOCAL, Protocol.EMAIL, address, "Local", null, null,
                0, IdentityStatus.ACTIVE, null);
    }

    static Message message(String userId, String discussionId, Instant date, String externalId) {
        return new Message(Ids.newId(), userId, discussionId, false, true, true, false,
                List.of(new Participant(Protocol.EMAIL, "alice@example.org", "Alice", ParticipantRole.FROM,
                        List.of("c1"))),
                "Hello", "plain body", "<p>html body</p>", date,
                new ExternalReferences(externalId, "<parent@example.org>", List.of("<root@example.org>"), null),
                Ids.newId(), List.of("i1"), List.of("inbox"), List.of());
    }

    static Contact contact(String userId, String email, String twitter) {
        return new Contact(Ids.newId(), userId, "Alice", "Liddell", "Alice L.",
                List.of(new ContactEmail(email, "home")), List.of(new SocialIdentity("twitter", twitter)),
                List.of("ABCDEF0123456789"));
    }
}
