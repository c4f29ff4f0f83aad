package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.SyncState;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CompareAndSetTest {
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
    void twoConcurrentSyncStateUpdatesAreBothKept() throws Exception {
        // given one identity and two threads that each count 200 errors and advance their own folder
        Identity identity = store.identities().putIdentity(StoreFixture.remoteImap("u1", "cas@example.org"));
        int perThread = 200;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> runs = new ArrayList<>();
        for (String folder : List.of("INBOX", "Sent")) {
            runs.add(pool.submit(() -> {
                go.await();
                for (int i = 1; i <= perThread; i++) {
                    long uid = i;
                    store.identities().updateSyncState(identity.id(), s -> s.withError("boom", Instant.now())
                            .withFolder(folder, new io.mailmesh.mesh.store.model.FolderState(1, uid, null)));
                }
                return null;
            }));
        }
        // when both run at once
        go.countDown();
        for (Future<?> run : runs) {
            run.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        // then no update was lost
        SyncState state = store.identities().identity(identity.id()).syncState();
        assertThat(state.errorCount()).isEqualTo(2 * perThread);
        assertThat(state.folder("INBOX").lastSeenUid()).isEqualTo(perThread);
        assertThat(state.folder("Sent").lastSeenUid()).isEqualTo(perThread);
    }

    @Test
    void aStaleRevisionLosesAndTheUpdateIsRetriedOnFreshData() {
        // given a draft, and a change that a concurrent writer beats on its first run
        Message draft = store.messages().putMessage(StoreFixture.message("u1", "d1", Instant.now(), null).withDraft(true));
        List<String> seenSubjects = new ArrayList<>();
        // when
        Message updated = store.messages().updateDraft("u1", draft.id(), m -> {
            seenSubjects.add(m.subject());
            if (seenSubjects.size() == 1) {
                store.messages().updateDraft("u1", draft.id(), x -> x.withContent("concurrent", null, null));
            }
            return m.withTags(List.of("edited"));
        });
        // then the loser re-read and kept the concurrent change
        assertThat(seenSubjects).containsExactly("Hello", "concurrent");
        assertThat(updated.subject()).isEqualTo("concurrent");
        assertThat(store.messages().message("u1", draft.id()).tags()).containsExactly("edited");
        assertThat(store.messages().versionedMessage("u1", draft.id()).revision()).isPositive();
    }

    @Test
    void onlyDraftsAreUpdatedAsDrafts() {
        // given
        Message received = store.messages().putMessage(StoreFixture.message("u1", "d1", Instant.now(), null));
        // when / then
        assertThatThrownBy(() -> store.messages().updateDraft("u1", received.id(), m -> m))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentContactUpdatesAreBothKept() throws Exception {
        // given
        Contact contact = store.contacts().putContact(StoreFixture.contact("u1", "c@example.org", "c"));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> runs = new ArrayList<>();
        for (String prefix : List.of("A", "B")) {
            runs.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 50; i++) {
                    String keyId = prefix + i;
                    store.contacts().updateContact("u1", contact.id(), c -> {
                        List<String> ids = new ArrayList<>(c.publicKeyIds());
                        ids.add(keyId);
                        return c.withPublicKeyIds(ids);
                    });
                }
                return null;
            }));
        }
        // when
        go.countDown();
        for (Future<?> run : runs) {
            run.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        // then
        assertThat(store.contacts().contact("u1", contact.id()).publicKeyIds()).hasSize(101);
    }

    @Test
    void anUpdateCannotChangeTheRecordsIdentity() {
        // given
        Identity identity = store.identities().putIdentity(StoreFixture.remoteImap("u1", "fixed@example.org"));
        // when / then
        assertThatThrownBy(() -> store.identities().updateIdentity(identity.id(), i -> StoreFixture.remoteImap("u2",
                "fixed@example.org"))).isInstanceOf(IllegalArgumentException.class);
    }
}
