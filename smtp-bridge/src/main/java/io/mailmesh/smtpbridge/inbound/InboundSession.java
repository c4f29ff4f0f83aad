package io.mailmesh.smtpbridge.inbound;

import io.mailmesh.smtpbridge.SmtpBridgeSettings;
import java.nio.charset.StandardCharsets;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.TooMuchDataException;

/**
 * One mail transaction on the inbound listener: RCPT TO is accepted only for an active local identity (550
 * otherwise), DATA is read up to the size limit (552 beyond) into a {@link SpooledMail} (heap up to the spool's
 * memory limit, a temporary file past it; read in chunks by {@link DotTerminatedData}) and handed to
 * {@link InboundDelivery}.
 */
final class InboundSession implements MessageHandler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InboundSession.class);

    private final MessageContext context;
    private final LocalRecipients identities;
    private final InboundDelivery delivery;
    private final int maxSize;
    private final SmtpBridgeSettings.Spool spool;
    private final String hostName;
    private final Map<String, Identity> recipients = new LinkedHashMap<>();
    private String from = "";

    InboundSession(MessageContext context, LocalRecipients identities, InboundDelivery delivery, int maxSize,
            SmtpBridgeSettings.Spool spool, String hostName) {
        this.context = context;
        this.identities = identities;
        this.delivery = delivery;
        this.maxSize = maxSize;
        this.spool = spool;
        this.hostName = hostName;
    }

    @Override
    public void from(String address) {
        this.from = address == null ? "" : address;
    }

    @Override
    public void recipient(String address) throws RejectException {
        Optional<Identity> identity;
        try {
            identity = identities.byAddress(address);
        } catch (IllegalArgumentException e) {
            identity = Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("session {}: recipient lookup failed: {}", context.getSessionId(), e.toString());
            throw new RejectException(451, "4.3.0 temporary lookup failure, try again later");
        }
        Identity local = identity.filter(i -> i.isLocal() && i.status() == IdentityStatus.ACTIVE).orElseThrow(
                () -> new RejectException(550, "5.1.1 <" + safe(address) + ">: no such user here"));
        recipients.putIfAbsent(local.id(), local);
    }

    @Override
    public String data(InputStream data) throws RejectException, TooMuchDataException, IOException {
        InboundOutcome outcome;
        InputStream reader = DotTerminatedData.of(context, data);
        try (SpooledMail mail = SpooledMail.read(reader,
                trace().getBytes(StandardCharsets.US_ASCII), maxSize, spool.dir(), spool.memoryLimit())) {
            try {
                outcome = delivery.deliver(mail, recipients.values(), context.getSessionId());
            } catch (RuntimeException e) {
                LOG.warn("session {}: inbound delivery failed: {}", context.getSessionId(), e.toString(), e);
                outcome = InboundOutcome.tryLater("temporary failure");
            }
        } catch (SpooledMail.TooLarge | TooMuchDataException e) {
            throw refusal(reader, 552, "5.3.4 message too large, the limit is " + maxSize + " bytes");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("No space left")) {
                LOG.warn("session {}: cannot spool the mail: {}", context.getSessionId(), e.toString());
                throw refusal(reader, 452, "4.3.1 insufficient system storage, try again later");
            }
            throw e;
        }
        if (!outcome.accepted()) {
            throw refusal(reader, outcome.code(), outcome.text());
        }
        return outcome.text(); // subethasmtp writes the 250 in front
    }

    /** A refusal of the mail, its DATA read to the end first (subethasmtp drains it only for an accepted mail). */
    private static RejectException refusal(InputStream reader, int code, String text) throws IOException {
        if (reader instanceof DotTerminatedData chunked) {
            chunked.consumeTerminator();
        }
        return new RejectException(code, text);
    }

    @Override
    public void done() {
        recipients.clear();
    }

    private String trace() {
        SocketAddress remote = context.getRemoteAddress();
        String ip = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
        String helo = safe(context.getHelo().orElse("unknown"));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(ZonedDateTime.now());
        return "Return-Path: <" + safe(from) + ">\r\nReceived: from " + helo + " ([" + ip + "])\r\n\tby "
                + hostName + " (mailmesh smtp-bridge) with ESMTP id " + safe(context.getSessionId()) + ";\r\n\t" + date + "\r\n";
    }

    /** Printable ASCII only: nothing a peer sends may break a header or a reply line. */
    static String safe(String text) {
        if (text == null) {
            return "";
        }
        // by hand, one '?' per code point as the regex had it: String.replaceAll compiled its pattern 3 times a mail
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c < 0x21 || c > 0x7E) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append((char) c);
            }
            i += Character.charCount(c);
        }
        return out == null ? text : out.toString();
    }
}
