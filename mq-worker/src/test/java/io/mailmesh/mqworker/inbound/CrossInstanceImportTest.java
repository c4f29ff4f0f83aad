package io.mailmesh.mqworker.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.User;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mqworker.testing.Worker;
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

/** Two mq-worker processes (two runtimes, each with its own connection and store) importing the same mails. */
class CrossInstanceImportTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static Worker first;
    static Worker second;

    @BeforeAll
    static void startWorkers() throws Exception {
        first = Worker.start(nats.url());
        second = Worker.start(nats.url());
    }

    @AfterAll
    static void stopWorkers() {
        second.close();
        first.close();
    }

    @Test
    void concurrentImportsOfOneMailOnTwoInstancesStoreItOnceAndCountItOnce() throws Exception {
        // given one user, 20 mails of one discussion, and four importers per mail: two on each instance
        String userId = first.newUser();
        String identityId = first.newIdentity(userId, Protocol.IMAP, "bob@example.net");
        User user = first.store().users().user(userId);
        Identity identity = first.store().identities().identity(identityId);
        Owner owner = Owner.of(user, identity, List.of(identity));
        List<Participant> participants = List.of(
                new Participant(Protocol.EMAIL, "alice@example.org", "Alice", ParticipantRole.FROM, List.of()),
                new Participant(Protocol.EMAIL, "bob@example.net", "Bob", ParticipantRole.TO, List.of()));
        String discussionId = ParticipantResolver.participantDiscussionId(participants);
        List<InboundMessage> mails = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            mails.add(new InboundMessage("m-cross-" + i, discussionId, true, participants, "race " + i,
                    "body " + i, null, Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i),
                    new ExternalReferences("<cross-" + i + "@example.org>", null, List.of(), null), List.of(),
                    List.of()));
        }
        String rawId = first.storeRaw("Subject: x\r\n\r\nx");
        List<MessageImporter> importers = List.of(first.runtime().get(MessageImporter.class),
                second.runtime().get(MessageImporter.class), first.runtime().get(MessageImporter.class),
                second.runtime().get(MessageImporter.class));
        ExecutorService pool = Executors.newFixedThreadPool(importers.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<ImportResult>>> runs = new ArrayList<>();
        for (MessageImporter importer : importers) {
            runs.add(pool.submit(() -> {
                go.await();
                List<ImportResult> results = new ArrayList<>();
                for (InboundMessage mail : mails) {
                    results.add(importer.importMessage(owner, rawId, mail));
                }
                return results;
            }));
        }
        // when all import at once
        go.countDown();
        List<ImportResult> results = new ArrayList<>();
        for (Future<List<ImportResult>> run : runs) {
            results.addAll(run.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        // then each mail was imported by exactly one importer, stored once, and counted once
        assertThat(results).hasSize(80);
        assertThat(results.stream().filter(r -> !r.duplicate()).map(ImportResult::messageId))
                .containsExactlyInAnyOrderElementsOf(mails.stream().map(InboundMessage::messageId).toList());
        List<Message> stored = first.store().messages().messagesOfDiscussion(userId, discussionId, null, 100).items();
        assertThat(stored).hasSize(20);
        assertThat(first.store().discussions().discussion(userId, discussionId).messageCount()).isEqualTo(20);
    }
}
