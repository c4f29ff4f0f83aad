package io.mailmesh.smtpbridge.support;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/** Looks at what a GreenMail relay received. */
public final class Relays {
    private Relays() {
    }

    /** The copies (one per recipient) the relay received of the mail with this Message-ID. */
    public static List<MimeMessage> copiesOf(GreenMail relay, String messageIdHeader) {
        return Arrays.stream(relay.getReceivedMessages()).filter(m -> {
            try {
                return messageIdHeader.equals(m.getMessageID());
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The Message-ID smtp-bridge gives a draft. */
    public static String messageIdOf(String draftId) {
        return "<" + draftId + "@" + BridgeFixture.PRIMARY_HOST + ">";
    }
}
