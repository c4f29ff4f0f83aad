package io.mailmesh.smtpbridge.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.model.AttachmentInfo;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.mesh.store.model.ServerSettings;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.smtpbridge.support.BridgeFixture;
import io.mailmesh.smtpbridge.support.BridgeOnRelay;
import io.mailmesh.smtpbridge.support.Relays;
import io.mailmesh.smtpbridge.support.Seeds;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** deliver with attachments, and deliver through a remote identity's own SMTP server. */
class AttachmentAndRemoteDeliverTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static BridgeOnRelay running = new BridgeOnRelay(nats::url);

    static GreenMail remoteServer;

    @BeforeAll
    static void start() throws Exception {
        remoteServer = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("remote@isp.example", "remote-login",
                        "remote-secret"));
        remoteServer.start();
    }

    @AfterAll
    static void stop() {
        remoteServer.stop();
    }

    static Reply deliver(Message draft, Identity identity) throws Exception {
        return running.bridge().get(OrderEmitter.class).request(Routes.OUTBOUND_SMTP,
                MessageOrder.deliver(draft.id(), identity.id(), draft.userId()), Duration.ofSeconds(30));
    }

    /** The raw message a draft keeps its attachments in: a mail whose parts are the attachment files. */
    static String storeAttachmentSource(String fileName, byte[] content) throws Exception {
        MimeMessage holder = new MimeMessage(Session.getInstance(new Properties()));
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart file = new MimeBodyPart();
        file.setContent(content, "application/octet-stream");
        file.setFileName(fileName);
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(file);
        holder.setContent(mixed);
        holder.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        holder.writeTo(out);
        String rawId = Ids.newId();
        running.store().rawMessages().putRawMessage(new RawMessage(rawId, 0, false, null), out.toByteArray());
        return rawId;
    }

    @Test
    void tenMebibyteAttachmentIsSentIntact() throws Exception {
        // given
        byte[] content = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(content);
        String rawId = storeAttachmentSource("figures.bin", content);
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("big", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to(Seeds.address("receiver", "example.org"), null)
                .attachment(new AttachmentInfo("figures.bin", "application/octet-stream", content.length, null),
                        rawId).save();

        // when
        Reply reply = deliver(draft, me);

        // then
        assertThat(reply.error()).as(reply.toString()).isFalse();
        MimeMessage sent = Relays.copiesOf(running.relay(), Relays.messageIdOf(draft.id())).get(0);
        assertThat(sent.isMimeType("multipart/mixed")).isTrue();
        MimeMultipart mixed = (MimeMultipart) sent.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).isMimeType("multipart/alternative")).isTrue();
        BodyPart attachment = mixed.getBodyPart(1);
        assertThat(attachment.getFileName()).isEqualTo("figures.bin");
        byte[] received;
        try (var in = attachment.getInputStream()) {
            received = in.readAllBytes();
        }
        assertThat(Arrays.equals(received, content)).as("attachment bytes survive the trip").isTrue();
        Message stored = running.store().messages().message(user, draft.id());
        assertThat(stored.rawMessageId()).isNotEqualTo(rawId);
        assertThat(running.store().rawMessages().rawMessage(stored.rawMessageId()).size())
                .isGreaterThan(content.length);
    }

    @Test
    void attachmentMissingFromTheRawMessageIsRefused() throws Exception {
        // given
        String rawId = storeAttachmentSource("present.txt", "hello".getBytes());
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("att", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to(Seeds.address("receiver", "example.org"), null)
                .attachment(new AttachmentInfo("absent.pdf", "application/pdf", 10, null), rawId).save();

        // when
        Reply reply = deliver(draft, me);

        // then
        assertThat(reply.code()).isEqualTo("attachment_missing");
        assertThat(reply.message()).contains("absent.pdf");
        assertThat(Relays.copiesOf(running.relay(), Relays.messageIdOf(draft.id()))).isEmpty();
        assertThat(running.store().messages().message(user, draft.id()).draft()).isTrue();
    }

    @Test
    void remoteIdentitySendsThroughItsOwnServerWithItsCredentials() throws Exception {
        // given
        String user = Seeds.user();
        Identity remote = running.seeds().remoteIdentity(user, "remote@isp.example", new ServerSettings("127.0.0.1",
                remoteServer.getSmtp().getPort(), ServerSettings.Security.NONE, "remote-login",
                ServerSettings.Auth.PASSWORD));
        running.store().identities().putCredentials(remote.id(), Credentials.password("remote-secret"));
        Message draft = running.seeds().draft(user).to(Seeds.address("friend", "example.org"), null).save();

        // when
        Reply reply = deliver(draft, remote);

        // then
        assertThat(reply.error()).as(reply.toString()).isFalse();
        assertThat(Relays.copiesOf(remoteServer, Relays.messageIdOf(draft.id()))).hasSize(1);
        assertThat(Relays.copiesOf(running.relay(), Relays.messageIdOf(draft.id()))).isEmpty();
    }

    @Test
    void remoteIdentityWithAWrongPasswordGetsALoginErrorWithoutTheSecret() throws Exception {
        // given
        String user = Seeds.user();
        Identity remote = running.seeds().remoteIdentity(user, "remote@isp.example", new ServerSettings("127.0.0.1",
                remoteServer.getSmtp().getPort(), ServerSettings.Security.NONE, "remote-login",
                ServerSettings.Auth.PASSWORD));
        running.store().identities().putCredentials(remote.id(), Credentials.password("wrong-secret-value"));
        Message draft = running.seeds().draft(user).to(Seeds.address("friend", "example.org"), null).save();

        // when
        Reply reply = deliver(draft, remote);

        // then
        assertThat(reply.code()).isEqualTo("relay_auth_failed");
        assertThat(reply.message()).doesNotContain("wrong-secret-value");
        assertThat(Relays.copiesOf(remoteServer, Relays.messageIdOf(draft.id()))).isEmpty();
        assertThat(running.store().messages().message(user, draft.id()).draft()).isTrue();
    }

    @Test
    void remoteIdentityWithoutOutgoingServerIsRefused() throws Exception {
        // given
        String user = Seeds.user();
        Identity remote = running.seeds().remoteIdentity(user, "nowhere@isp.example", null);
        Message draft = running.seeds().draft(user).to(Seeds.address("friend", "example.org"), null).save();

        // when
        Reply reply = deliver(draft, remote);

        // then
        assertThat(reply.code()).isEqualTo("no_outgoing_server");
    }

    @Test
    void givenPublicOnlyWhenARemoteIdentitysServerIsOnLoopbackThenItIsRefusedBeforeAnyConnection() throws Exception {
        // given
        String user = Seeds.user();
        Identity remote = running.seeds().remoteIdentity(user, "remote@isp.example", new ServerSettings("localhost",
                remoteServer.getSmtp().getPort(), ServerSettings.Security.NONE, "remote-login",
                ServerSettings.Auth.PASSWORD));
        running.store().identities().putCredentials(remote.id(), Credentials.password("remote-secret"));

        // when / then
        assertThatThrownBy(() -> SendRoute.of(remote, BridgeFixture.plainRelay(running.relay().getSmtp().getPort()),
                running.store().identities(), OutboundGuard.parse("public")))
                .isInstanceOfSatisfying(OrderFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo("server_not_allowed");
                    assertThat(e.getMessage()).contains("localhost").doesNotContain("127.0.0.1");
                });
        assertThat(SendRoute.of(remote, BridgeFixture.plainRelay(running.relay().getSmtp().getPort()),
                running.store().identities(), OutboundGuard.parse("public,loopback")).target().host())
                .isEqualTo("localhost");
    }
}
