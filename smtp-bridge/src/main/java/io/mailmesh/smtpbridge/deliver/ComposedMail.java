package io.mailmesh.smtpbridge.deliver;

import jakarta.mail.Address;

/**
 * A message ready to send.
 *
 * @param bytes     the RFC 5322 message exactly as it is sent and stored (no Bcc header)
 * @param envelope  every recipient, Bcc included (RCPT TO)
 * @param messageId its Message-ID header, with angle brackets
 */
record ComposedMail(byte[] bytes, Address[] envelope, String messageId) {
}
