package io.mailmesh.smtpbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.smtpbridge.support.DeliveredMarks;
import io.mailmesh.smtpbridge.support.BridgeFixture;
import io.mailmesh.smtpbridge.support.FakeMqWorker;
import io.mailmesh.smtpbridge.support.InboundClient;
import io.mailmesh.smtpbridge.support.Seeds;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The inbound SMTP listener, driven by an Angus Mail client, with a stand-in mq-worker on inboundSMTP. */
class InboundListenerTest {
    private static final int MAX_SIZE = 64 * 1024;

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static MeshRuntime bridge;
    static MeshStore store;
    static Seeds seeds;
    static InboundClient client;

    @BeforeAll
    static void start() throws Exception {
        bridge = BridgeFixture.start(nats.url(), BridgeFixture.settings(BridgeFixture.plainRelay(1), MAX_SIZE,
                Duration.ofSeconds(1)));
        store = bridge.get(MeshStore.class);
        seeds = new Seeds(store);
        client = new InboundClient(bridge.get(InboundSmtpListener.class).port());
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private static int replyCode(MessagingException e) {
        for (Exception cur = e; cur != null; cur = cur instanceof MessagingException m ? m.getNextException() : null) {
            if (cur instanceof SMTPSendFailedException f) {
                return f.getReturnCode();
            }
            if (cur instanceof SMTPAddressFailedException f) {
                return f.getReturnCode();
            }
        }
        return -1;
    }

    @Test
    void mailForTwoLocalRecipientsIsStoredOnceAndProcessedForEach() throws Exception {
        // given
        Identity alice = seeds.localIdentity(Seeds.user(), Seeds.address("alice", "mesh.test"), null);
        Identity bob = seeds.localIdentity(Seeds.user(), Seeds.address("bob", "mesh.test"), null);
        try (FakeMqWorker worker = new FakeMqWorker(nats.url(), store)) {
            MimeMessage mail = client.mail("sender@example.org", "Bonjour à vous", "hello", alice.address(),
                    bob.address().toUpperCase());

            // when
            client.send(mail);

            // then
            assertThat(worker.orders()).extracting(MessageOrder::remoteId)
                    .containsExactlyInAnyOrder(alice.id(), bob.id());
            assertThat(worker.orders()).extracting(MessageOrder::userId)
                    .containsExactlyInAnyOrder(alice.userId(), bob.userId());
            String rawId = worker.orders().get(0).messageId();
            assertThat(worker.orders()).extracting(MessageOrder::messageId).containsOnly(rawId);
            assertThat(DeliveredMarks.markedWithinLimit(store, rawId)).isTrue();
            String raw = new String(store.rawMessages().rawMessageBytes(rawId), StandardCharsets.US_ASCII);
            assertThat(raw).startsWith("Return-Path: <sender@example.org>").contains("by mx.mesh.test");
            assertThat(store.messages().messagesOf(alice.userId(), null, 10).items()).extracting(Message::subject)
                    .containsExactly("Bonjour à vous");
        }
    }

    @Test
    void unknownRecipientIsRefusedAtRcptWith550() throws Exception {
        // given
        MimeMessage mail = client.mail("sender@example.org", "hi", "hello", "nobody@mesh.test");

        // when / then
        assertThatThrownBy(() -> client.send(mail)).isInstanceOfSatisfying(MessagingException.class,
                e -> assertThat(replyCode(e)).isEqualTo(550));
    }

    @Test
    void noResponderOnInboundSmtpAnswers451AndKeepsTheRawMessageUndelivered() throws Exception {
        // given
        Identity carol = seeds.localIdentity(Seeds.user(), Seeds.address("carol", "mesh.test"), null);
        MimeMessage mail = client.mail("sender@example.org", "nobody listens", "hello", carol.address());
        byte[] sent = bytesOf(mail);

        // when / then
        assertThatThrownBy(() -> client.send(mail)).isInstanceOfSatisfying(MessagingException.class,
                e -> assertThat(replyCode(e)).isEqualTo(451));
        assertThat(store.rawMessages().rawMessage(InboundDelivery.rawId(sent)).delivered()).isFalse();
    }

    @Test
    void processingSlowerThanTheTimeoutAnswers451() throws Exception {
        // given
        Identity dan = seeds.localIdentity(Seeds.user(), Seeds.address("dan", "mesh.test"), null);
        CountDownLatch release = new CountDownLatch(1);
        try (FakeMqWorker worker = new FakeMqWorker(nats.url(), store)
                .beforeReply(order -> release.await(10, TimeUnit.SECONDS))) {
            MimeMessage mail = client.mail("sender@example.org", "slow", "hello", dan.address());

            // when / then
            assertThatThrownBy(() -> client.send(mail)).isInstanceOfSatisfying(MessagingException.class,
                    e -> assertThat(replyCode(e)).isEqualTo(451));
            release.countDown();
        }
    }

    @Test
    void senderRetryAfter451DoesNotCreateASecondMessage() throws Exception {
        // given: the first attempt is processed but answered too late, so the sender got 451
        Identity erin = seeds.localIdentity(Seeds.user(), Seeds.address("erin", "mesh.test"), null);
        CountDownLatch release = new CountDownLatch(1);
        try (FakeMqWorker worker = new FakeMqWorker(nats.url(), store)) {
            worker.beforeReply(order -> {
                if (worker.orders().size() == 1) {
                    release.await(10, TimeUnit.SECONDS);
                }
            });
            MimeMessage mail = client.mail("sender@example.org", "retry me", "hello", erin.address());
            assertThatThrownBy(() -> client.send(mail)).isInstanceOfSatisfying(MessagingException.class,
                    e -> assertThat(replyCode(e)).isEqualTo(451));
            release.countDown();

            // when
            client.send(mail);

            // then
            assertThat(worker.orders()).hasSize(2);
            assertThat(worker.orders().get(0).messageId()).isEqualTo(worker.orders().get(1).messageId());
            assertThat(store.messages().messagesOf(erin.userId(), null, 10).items()).hasSize(1);
            assertThat(DeliveredMarks.markedWithinLimit(store, worker.orders().get(0).messageId())).isTrue();
        }
    }

    @Test
    void mailOverTheSizeLimitIsRefusedWith552() throws Exception {
        // given
        Identity fay = seeds.localIdentity(Seeds.user(), Seeds.address("fay", "mesh.test"), null);
        MimeMessage mail = client.mail("sender@example.org", "big", "x".repeat(MAX_SIZE * 2), fay.address());
        byte[] sent = bytesOf(mail);

        // when / then
        assertThatThrownBy(() -> client.send(mail)).isInstanceOfSatisfying(MessagingException.class,
                e -> assertThat(replyCode(e)).isEqualTo(552));
        assertThatThrownBy(() -> store.rawMessages().rawMessage(InboundDelivery.rawId(sent)))
                .isInstanceOf(RecordNotFoundException.class);
    }

    @Test
    void listenerStopsAcceptingWhenTheRuntimeStops() throws Exception {
        // given
        MeshRuntime other = BridgeFixture.start(nats.url(), BridgeFixture.plainRelay(1));
        int port = other.get(InboundSmtpListener.class).port();
        assertThat(other.isReady()).isTrue();

        // when
        other.close();

        // then
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
    }

    private static byte[] bytesOf(MimeMessage mail) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        mail.writeTo(out);
        return out.toByteArray();
    }
}
