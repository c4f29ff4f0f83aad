package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Create-if-absent writes and compare-and-set from a known version. */
class CreateIfAbsentTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static Connection connection;
    static Connection otherConnection;
    static MeshStore store;
    /** A second store instance on its own connection over the same buckets, as another process would have. */
    static MeshStore otherStore;

    @BeforeAll
    static void open() throws Exception {
        connection = StoreFixture.connect(nats.url());
        otherConnection = StoreFixture.connect(nats.url());
        String prefix = StoreFixture.newPrefix();
        store = io.mailmesh.mesh.store.jetstream.JetStreamMeshStore.open(connection, StoreFixture.settings(prefix));
        otherStore = io.mailmesh.mesh.store.jetstream.JetStreamMeshStore.open(otherConnection,
                StoreFixture.settings(prefix));
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
        otherConnection.close();
    }

    @Test
    void createMessageWritesTheMessageAndItsLookups() {
        // given
        Message message = StoreFixture.message("u1", "d1", Instant.parse("2024-03-01T10:00:00Z"), "<c1@example.org>");
        // when
        Optional<Versioned<Message>> created = store.messages().createMessage(message);
        // then
        assertThat(created).map(Versioned::value).contains(message);
        assertThat(store.messages().versionedMessage("u1", message.id()).revision())
                .isEqualTo(created.get().revision());
        assertThat(store.messages().messageByExternalId("u1", "c1@example.org")).contains(message);
        assertThat(store.messages().messagesOfDiscussion("u1", "d1", null, 10).items()).containsExactly(message);
    }

    @Test
    void createMessageOfAnExistingIdWritesNothing() {
        // given
        Message first = StoreFixture.message("u1", "d2", Instant.now(), "<c2@example.org>");
        store.messages().createMessage(first);
        Message second = first.withTags(List.of("other"));
        // when
        Optional<Versioned<Message>> created = store.messages().createMessage(second);
        // then
        assertThat(created).isEmpty();
        assertThat(store.messages().message("u1", first.id())).isEqualTo(first);
    }

    @Test
    void createMessageAfterADeleteCreatesItAgain() {
        // given
        Message message = StoreFixture.message("u1", "d3", Instant.now(), null);
        store.messages().createMessage(message);
        store.messages().deleteMessage("u1", message.id());
        // when
        Optional<Versioned<Message>> created = store.messages().createMessage(message);
        // then
        assertThat(created).isPresent();
        assertThat(store.messages().message("u1", message.id())).isEqualTo(message);
    }

    @Test
    void ofConcurrentCreatorsInTwoStoreInstancesExactlyOneWins() throws Exception {
        // given 20 ids, each created at once by four threads, two on each store instance
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            messages.add(StoreFixture.message("u2", "d1", Instant.now(), null));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> wins = new ArrayList<>();
        for (MeshStore s : List.of(store, otherStore, store, otherStore)) {
            wins.add(pool.submit(() -> {
                go.await();
                int won = 0;
                for (Message m : messages) {
                    won += s.messages().createMessage(m).isPresent() ? 1 : 0;
                }
                return won;
            }));
        }
        // when
        go.countDown();
        int total = 0;
        for (Future<Integer> f : wins) {
            total += f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        // then
        assertThat(total).isEqualTo(messages.size());
    }

    @Test
    void anUpdateFromAKnownVersionNeedsNoReadAndReturnsTheNewRevision() {
        // given
        Versioned<Message> created = store.messages()
                .createMessage(StoreFixture.message("u3", "d1", Instant.now(), null)).orElseThrow();
        List<List<String>> seen = new ArrayList<>();
        // when
        Versioned<Message> updated = store.messages().updateMessage(created, m -> {
            seen.add(m.tags());
            return m.withTags(List.of("read"));
        });
        // then
        assertThat(seen).containsExactly(created.value().tags());
        assertThat(updated.value().tags()).containsExactly("read");
        assertThat(store.messages().versionedMessage("u3", created.value().id())).isEqualTo(updated);
    }

    @Test
    void anUpdateFromAStaleVersionIsRetriedOnFreshData() {
        // given a version that another store instance has since overwritten
        Versioned<Message> stale = store.messages()
                .createMessage(StoreFixture.message("u3", "d2", Instant.now(), null)).orElseThrow();
        otherStore.messages().updateMessage("u3", stale.value().id(), m -> m.withTags(List.of("elsewhere")));
        // when
        Versioned<Message> updated = store.messages().updateMessage(stale, m -> {
            List<String> tags = new ArrayList<>(m.tags());
            tags.add("here");
            return m.withTags(tags);
        });
        // then
        assertThat(updated.value().tags()).containsExactly("elsewhere", "here");
        assertThat(store.messages().message("u3", stale.value().id()).tags()).containsExactly("elsewhere", "here");
    }

    @Test
    void createDiscussionIsOnlyWrittenWhenAbsentAndCountsFromItsVersion() {
        // given
        Discussion discussion = new Discussion("dx", "u4", List.of(), 0, null, null);
        Versioned<Discussion> created = store.discussions().createDiscussion(discussion).orElseThrow();
        // when
        Optional<Versioned<Discussion>> again = otherStore.discussions()
                .createDiscussion(discussion.withMessage(Instant.now(), "x"));
        Versioned<Discussion> counted = store.discussions().updateDiscussion(created,
                d -> d.withMessage(Instant.parse("2024-01-01T00:00:00Z"), "hello"));
        // then
        assertThat(again).isEmpty();
        assertThat(counted.value().messageCount()).isEqualTo(1);
        assertThat(store.discussions().versionedDiscussion("u4", "dx")).isEqualTo(counted);
    }

    @Test
    void markCountedIsWonOnceAcrossProcesses() {
        // given
        Message message = StoreFixture.message("u1", "d1", Instant.parse("2024-03-02T10:00:00Z"), "<n1@example.org>");
        store.messages().createMessage(message);
        // when
        boolean first = store.messages().markCounted("u1", message.id());
        boolean again = otherStore.messages().markCounted("u1", message.id());
        // then
        assertThat(first).isTrue();
        assertThat(again).isFalse();
    }

    @Test
    void aDeletedMessageLosesItsCountedMark() {
        // given
        Message message = StoreFixture.message("u1", "d1", Instant.parse("2024-03-03T10:00:00Z"), "<n2@example.org>");
        store.messages().createMessage(message);
        store.messages().markCounted("u1", message.id());
        // when
        store.messages().deleteMessage("u1", message.id());
        // then a message stored again under the id is counted again
        store.messages().createMessage(message);
        assertThat(store.messages().markCounted("u1", message.id())).isTrue();
    }
}
