package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MessageListingTest {
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
    void tenThousandMessagesAreListedByDiscussionNewestFirstWithACursor() throws Exception {
        // given 10,000 messages of one user in 4 discussions, written by 8 threads
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            all.add(StoreFixture.message("big", "disc" + (i % 4), start.plusSeconds(i / 2), null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int from = t;
                writes.add(pool.submit(() -> {
                    for (int i = from; i < all.size(); i += 8) {
                        store.messages().putMessage(all.get(i));
                    }
                }));
            }
            for (Future<?> w : writes) {
                w.get();
            }
        } finally {
            pool.shutdown();
        }
        List<String> expected = all.stream().filter(m -> m.discussionId().equals("disc1"))
                .sorted(Comparator.comparing(Message::date).reversed().thenComparing(Message::id))
                .map(Message::id).toList();

        // when listing discussion 1 page by page
        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Message> page = store.messages().messagesOfDiscussion("big", "disc1", cursor, 500);
            page.items().forEach(m -> listed.add(m.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        // then
        assertThat(listed).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(5);
        Page<Message> firstOfAll = store.messages().messagesOf("big", null, 2);
        assertThat(firstOfAll.items()).extracting(Message::date).containsOnly(start.plusSeconds(4999));
        assertThat(firstOfAll.next()).isPresent();
    }

    @Test
    void aMessageMovedInTimeIsListedOnceAtItsNewPlace() {
        // given
        Message a = store.messages().putMessage(StoreFixture.message("u1", "d", Instant.parse("2024-01-01T00:00:00Z"), null));
        Message b = store.messages().putMessage(StoreFixture.message("u1", "d", Instant.parse("2024-01-02T00:00:00Z"), null));
        // when
        store.messages().updateMessage("u1", a.id(), m -> m.withDate(Instant.parse("2024-01-03T00:00:00Z")));
        // then
        Page<Message> page = store.messages().messagesOfDiscussion("u1", "d", null, 10);
        assertThat(page.items()).extracting(Message::id).containsExactly(a.id(), b.id());
        assertThat(page.next()).isEmpty();
    }

    @Test
    void aMalformedCursorOrLimitIsRejected() {
        // when / then
        assertThatThrownBy(() -> store.messages().messagesOfDiscussion("u1", "d", "not a cursor", 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.messages().messagesOfDiscussion("u1", "d", null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void indexEntriesWrittenForARecordThatNeverLandedShowNoGhost() {
        // given a message whose record write fails after its index entries were written (entries go first, so a
        // record that exists always has them)
        Message ghost = StoreFixture.message("u-ghost", "d-ghost", Instant.now(), "<ghost@example.org>")
                .withContent("big", "x".repeat(2 * 1024 * 1024), null);
        assertThatThrownBy(() -> store.messages().putMessage(ghost)).isInstanceOf(RecordTooLargeException.class);

        // when the user's discussion and the Message-ID are looked up
        var listed = store.messages().messagesOfDiscussion("u-ghost", "d-ghost", null, 10);
        var byExternalId = store.messages().messageByExternalId("u-ghost", "<ghost@example.org>");

        // then the entries without a record are skipped
        assertThat(listed.items()).isEmpty();
        assertThat(byExternalId).isEmpty();
    }
}
