package io.mailmesh.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

/**
 * The demo scenario through the REST API, the same one {@code bin/mesh demo} prints and the end-to-end test
 * asserts: create a user, a local identity, a remote IMAP identity on the development mail server and a contact;
 * send a draft through the SMTP relay; put a mail into the IMAP account and wait until the scheduled sync,
 * imap-bridge and process_inbound have brought it in; list the messages.
 */
public final class DemoScenario {
    /**
     * Where the scenario reaches the mesh and the mail server.
     *
     * @param apiUrl          api-emitter's base URL
     * @param imapHost        IMAP host as imap-bridge reaches it
     * @param imapPort        IMAP port as imap-bridge reaches it
     * @param smtpHost        the mail server's SMTP host as this process reaches it (to put the mail in)
     * @param smtpPort        its SMTP port
     * @param mailUser        IMAP login of the account
     * @param mailPassword    its password
     * @param mailAddress     its address
     * @param pollInterval    poll_interval of the remote identity (minutes; seconds in tests)
     * @param inboundWait     how long to wait for the inbound mail
     */
    public record Settings(String apiUrl, String imapHost, int imapPort, String smtpHost, int smtpPort,
            String mailUser, String mailPassword, String mailAddress, int pollInterval, Duration inboundWait) {
    }

    /**
     * What the scenario created and saw.
     *
     * @param userId          the user
     * @param token           its bearer token
     * @param localIdentityId the local identity
     * @param remoteIdentityId the IMAP identity
     * @param contactId       the contact
     * @param draftId         the sent draft
     * @param sendReply       api-emitter's answer to the send action
     * @param inboundSubject  subject of the mail put into the IMAP account
     * @param inbound         the imported message, as listed
     * @param messages        every message of the user at the end
     */
    public record Outcome(String userId, String token, String localIdentityId, String remoteIdentityId,
            String contactId, String draftId, JsonNode sendReply, String inboundSubject, JsonNode inbound,
            List<JsonNode> messages) {
    }

    private final Settings settings;
    private final Consumer<String> log;

    public DemoScenario(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    /** Runs every step; throws on the first that fails, saying which. */
    public Outcome run() {
        MeshApi api = new MeshApi(settings.apiUrl());
        String run = UUID.randomUUID().toString().substring(0, 8);

        log.accept("1. create a user");
        JsonNode user = api.post("/api/v2/users", Map.of("name", "demo-" + run));
        api.withToken(user.path("token").asText());
        String userId = user.path("user_id").asText();

        log.accept("2. create a local identity");
        String local = api.post("/api/v2/identities/locals", Map.of("address", "alice-" + run + "@mailmesh.local",
                "display_name", "Alice")).path("id").asText();

        log.accept("3. create a remote IMAP identity on " + settings.imapHost() + ":" + settings.imapPort());
        String remote = api.post("/api/v2/identities/remotes", Map.of("protocol", "imap",
                "address", settings.mailAddress(), "poll_interval", settings.pollInterval(),
                "incoming", Map.of("host", settings.imapHost(), "port", settings.imapPort(), "security", "none",
                        "username", settings.mailUser()),
                "credentials", Map.of("password", settings.mailPassword()))).path("id").asText();

        log.accept("4. create a contact");
        String contact = api.post("/api/v2/contacts", Map.of("given_name", "Bob", "family_name", "Example",
                "emails", List.of(Map.of("address", "bob-" + run + "@example.org")))).path("id").asText();

        log.accept("5. write a draft to the contact and send it through the relay");
        String draft = api.post("/api/v2/messages", Map.of("identity_id", local,
                "to", List.of("bob-" + run + "@example.org"), "subject", "hello from the demo " + run,
                "body", "sent by bin/mesh demo")).path("id").asText();
        JsonNode sent = api.post("/api/v2/messages/" + draft + "/actions", Map.of("actions", List.of("send")));

        String subject = "into the IMAP account " + run;
        log.accept("6. put a mail into the IMAP account " + settings.mailAddress());
        putMail(subject);

        log.accept("7. wait (up to " + settings.inboundWait().toSeconds() + " s) for the scheduled sync, "
                + "imap-bridge and process_inbound to import it");
        JsonNode inbound = Deadline.await("the mail \"" + subject + "\" in the user's messages (GET /api/v2/messages)",
                settings.inboundWait(),
                () -> messages(api).stream().filter(m -> subject.equals(m.path("subject").asText())).findFirst(),
                log);

        log.accept("8. list the messages");
        List<JsonNode> all = messages(api);
        for (JsonNode m : all) {
            log.accept(String.format("   %s  %-9s %s", m.path("id").asText(),
                    m.path("draft").asBoolean() ? "draft" : m.path("received").asBoolean() ? "received" : "sent",
                    m.path("subject").asText()));
        }
        return new Outcome(userId, user.path("token").asText(), local, remote, contact, draft, sent, subject, inbound,
                all);
    }

    private static List<JsonNode> messages(MeshApi api) {
        JsonNode page = api.get("/api/v2/messages?limit=1000");
        return StreamSupport.stream(page.path("messages").spliterator(), false).toList();
    }

    private void putMail(String subject) {
        Properties props = new Properties();
        props.put("mail.smtp.host", settings.smtpHost());
        props.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "10000");
        try {
            MimeMessage mail = new MimeMessage(Session.getInstance(props));
            mail.setFrom(new InternetAddress("carol@example.org", "Carol"));
            mail.setRecipient(Message.RecipientType.TO, new InternetAddress(settings.mailAddress()));
            mail.setSubject(subject);
            mail.setText("a mail the IMAP sync brings in");
            Transport.send(mail);
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException("could not put a mail into " + settings.mailAddress() + ": " + e, e);
        }
    }
}
