package io.mailmesh.mqworker.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mailmesh.mesh.store.DiscussionStore;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.Versioned;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mqworker.testing.Worker;
import io.mailmesh.mqworker.testing.WorkerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent counts of one discussion are written together, and still add up exactly. */
class DiscussionCountCoalescingTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @RegisterExtension
    static WorkerExtension running = new WorkerExtension(nats::url);

    static final Instant FIRST_DATE = Instant.parse("2024-01-01T00:00:00Z");
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final List<Participant> PARTICIPANTS = List.of(
            new Participant(Protocol.EMAIL, "list@example.org", "List", ParticipantRole.FROM, List.of()),
            new Participant(Protocol.EMAIL, "bob@example.net", "Bob", ParticipantRole.TO, List.of()));

    Worker worker;
    String userId;
    String discussionId;

    @BeforeEach
    void newUser() {
        worker = running.worker();
        userId = worker.newUser();
        discussionId = ParticipantResolver.participantDiscussionId(PARTICIPANTS);
    }

    @Test
    void concurrentImportsOfOneDiscussionAreCountedExactlyInFarFewerWrites() throws Exception {
        // given 200 mails of one discussion in shuffled order, and an importer whose discussion writes are counted
        String identityId = worker.newIdentity(userId, Protocol.IMAP, "bob@example.net");
        Identity identity = worker.store().identities().identity(identityId);
        Owner owner = Owner.of(worker.store().users().user(userId), identity, List.of(identity));
        String rawId = worker.storeRaw("Subject: x\r\n\r\nx");
        List<InboundMessage> mails = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            mails.add(new InboundMessage("m-burst-" + i, discussionId, true, PARTICIPANTS, "burst " + i, "body " + i,
                    null, FIRST_DATE.plusSeconds(i), new ExternalReferences("<burst-" + i + "@example.org>", null,
                            List.of(), null), List.of(), List.of()));
        }
        Collections.shuffle(mails, new Random(42));
        Queue<InboundMessage> toImport = new ConcurrentLinkedQueue<>(mails);
        AtomicInteger writes = new AtomicInteger();
        MessageImporter importer = new MessageImporter(worker.store().messages(),
                new DiscussionCounter(new WatchedDiscussionStore(worker.store().discussions(),
                        read -> writes.incrementAndGet())));
        // when 16 threads import them all at once
        runTogether(16, () -> {
            for (InboundMessage mail = toImport.poll(); mail != null; mail = toImport.poll()) {
                importer.importMessage(owner, rawId, mail);
            }
            return null;
        });
        // then every mail is counted once, the newest gives the date and excerpt, and the writes were shared
        Discussion discussion = worker.store().discussions().discussion(userId, discussionId);
        assertThat(discussion.messageCount()).isEqualTo(200);
        assertThat(discussion.lastMessageDate()).isEqualTo(FIRST_DATE.plusSeconds(199));
        assertThat(discussion.excerpt()).isEqualTo("body 199");
        assertThat(writes.get()).as("discussion writes for 200 counts").isLessThan(200 / 2);
    }

    @Test
    void aFailedWriteReachesEveryCallerWhoseCountItHeld() throws Exception {
        // given a discussion whose writes fail, the first one only once the test lets it
        StoreException unavailable = new StoreException("the discussions bucket is unavailable");
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch letWritesFail = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        DiscussionCounter counter = new DiscussionCounter(new WatchedDiscussionStore(worker.store().discussions(),
                read -> {
                    writes.incrementAndGet();
                    firstWriteStarted.countDown();
                    await(letWritesFail);
                    throw unavailable;
                }));
        List<Counting> callers = new ArrayList<>();
        callers.add(Counting.start(counter, mail(0)));
        await(firstWriteStarted);
        // and 8 more counts of it queued behind that write (their callers wait for the lock the write holds)
        for (int i = 1; i <= 8; i++) {
            callers.add(Counting.start(counter, mail(i)));
        }
        awaitUntil(() -> callers.stream().skip(1).allMatch(Counting::waiting));
        // when the writes fail
        letWritesFail.countDown();
        // then each caller gets the failure: the first from its own write, the 8 others from one write of them all
        for (Counting caller : callers) {
            assertThat(caller.failure()).isSameAs(unavailable);
        }
        assertThat(writes.get()).isEqualTo(2);
        assertThat(worker.store().discussions().discussion(userId, discussionId).messageCount()).isZero();
    }

    @Test
    void concurrentCountsOfTwoProcessesSumExactly() throws Exception {
        // given two processes' counters on one store, and 200 messages of one discussion
        List<DiscussionCounter> processes = List.of(new DiscussionCounter(worker.store().discussions()),
                new DiscussionCounter(worker.store().discussions()));
        Queue<Message> toCount = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 200; i++) {
            toCount.add(mail(i));
        }
        AtomicInteger thread = new AtomicInteger();
        // when 16 threads, 8 in each process, count them all at once
        runTogether(16, () -> {
            DiscussionCounter counter = processes.get(thread.getAndIncrement() % 2);
            for (Message mail = toCount.poll(); mail != null; mail = toCount.poll()) {
                counter.count(mail, "body of " + mail.id());
            }
            return null;
        });
        // then the counts add up, and the newest message gives the date and excerpt
        Discussion discussion = worker.store().discussions().discussion(userId, discussionId);
        assertThat(discussion.messageCount()).isEqualTo(200);
        assertThat(discussion.lastMessageDate()).isEqualTo(FIRST_DATE.plusSeconds(199));
        assertThat(discussion.excerpt()).isEqualTo("body of m-199");
    }

    @Test
    void countsAlternatingBetweenTwoProcessesRetryAfterTheOthersWriteAndSumExactly() {
        // given two processes' counters on one store, their write attempts counted
        AtomicInteger writes = new AtomicInteger();
        DiscussionStore watched = new WatchedDiscussionStore(worker.store().discussions(),
                read -> writes.incrementAndGet());
        DiscussionCounter first = new DiscussionCounter(watched);
        DiscussionCounter second = new DiscussionCounter(watched);
        // when they take turns counting 20 messages of one discussion
        for (int i = 0; i < 20; i++) {
            (i % 2 == 0 ? first : second).count(mail(i), "body " + i);
        }
        // then all 20 are counted, each count after the first two having lost one compare-and-set to the other
        assertThat(worker.store().discussions().discussion(userId, discussionId).messageCount()).isEqualTo(20);
        assertThat(writes.get()).isEqualTo(20 + 18);
    }

    private Message mail(int i) {
        return new Message("m-" + i, userId, discussionId, false, true, true, false, PARTICIPANTS, "mail " + i,
                "body " + i, null, FIRST_DATE.plusSeconds(i), ExternalReferences.NONE, null, List.of(), List.of(),
                List.of());
    }

    /** Runs {@code work} on {@code threads} threads started together; fails on the first failure of any. */
    private static void runTogether(int threads, Callable<Void> work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<FutureTask<Void>> runs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            FutureTask<Void> run = new FutureTask<>(() -> {
                await(go);
                return work.call();
            });
            runs.add(run);
            new Thread(run, "counting-" + i).start();
        }
        go.countDown();
        for (FutureTask<Void> run : runs) {
            run.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("latch released in time").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition met in time").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** One call of {@link DiscussionCounter#count} on a thread of its own. */
    private record Counting(Thread thread, FutureTask<Void> call) {
        static Counting start(DiscussionCounter counter, Message mail) {
            FutureTask<Void> call = new FutureTask<>(() -> {
                counter.count(mail, "body of " + mail.id());
                return null;
            });
            Thread thread = new Thread(call, "count-" + mail.id());
            thread.start();
            return new Counting(thread, call);
        }

        /** Parked: in {@code count}, that is waiting for its stripe's lock. */
        boolean waiting() {
            return thread.getState() == Thread.State.WAITING;
        }

        /** What the call threw (null if it returned). */
        Throwable failure() throws Exception {
            try {
                call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
    }

    /** A discussion store that runs {@code beforeEachWrite} on the discussion as read, before each write attempt. */
    private record WatchedDiscussionStore(DiscussionStore store, Consumer<Discussion> beforeEachWrite)
            implements DiscussionStore {
        @Override
        public Versioned<Discussion> updateDiscussion(Versioned<Discussion> known, UnaryOperator<Discussion> change) {
            return store.updateDiscussion(known, watched(change));
        }

        @Override
        public Discussion updateDiscussion(String userId, String discussionId, UnaryOperator<Discussion> change) {
            return store.updateDiscussion(userId, discussionId, watched(change));
        }

        private UnaryOperator<Discussion> watched(UnaryOperator<Discussion> change) {
            return read -> {
                beforeEachWrite.accept(read);
                return change.apply(read);
            };
        }

        @Override
        public Discussion putDiscussion(Discussion discussion) {
            return store.putDiscussion(discussion);
        }

        @Override
        public Optional<Versioned<Discussion>> createDiscussion(Discussion discussion) {
            return store.createDiscussion(discussion);
        }

        @Override
        public Discussion discussion(String userId, String discussionId) {
            return store.discussion(userId, discussionId);
        }

        @Override
        public Versioned<Discussion> versionedDiscussion(String userId, String discussionId) {
            return store.versionedDiscussion(userId, discussionId);
        }

        @Override
        public void deleteDiscussion(String userId, String discussionId) {
            store.deleteDiscussion(userId, discussionId);
        }

        @Override
        public List<Discussion> discussionsOf(String userId) {
            return store.discussionsOf(userId);
        }
    }
}
