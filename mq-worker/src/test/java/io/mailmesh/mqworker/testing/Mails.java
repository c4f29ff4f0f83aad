package io.mailmesh.mqworker.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The mail corpus of the tests, written byte by byte (CRLF line ends). */
public final class Mails {
    private Mails() {
    }

    /** Joins lines with CRLF. */
    public static String crlf(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    public static String simple(String messageId, String from, String to, String subject, String body) {
        return crlf("From: " + from, "To: " + to, "Subject: " + subject, "Date: Tue, 14 Nov 2023 10:00:00 +0000",
                "Message-ID: <" + messageId + ">", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
                "", body);
    }

    public static String reply(String messageId, String inReplyTo, String references, String from, String to,
            String date, String body) {
        return crlf("From: " + from, "To: " + to, "Subject: Re: plans", "Date: " + date,
                "Message-ID: <" + messageId + ">", "In-Reply-To: <" + inReplyTo + ">", "References: " + references,
                "Content-Type: text/plain; charset=us-ascii", "", body);
    }

    public static String alternative(String messageId) {
        return crlf("From: \"Alice Example\" <Alice@Example.org>", "To: bob@example.net",
                "Subject: alternative", "Date: Tue, 14 Nov 2023 10:00:00 +0000", "Message-ID: <" + messageId + ">",
                "MIME-Version: 1.0", "Content-Type: multipart/alternative; boundary=\"alt-b\"", "",
                "--alt-b", "Content-Type: text/plain; charset=utf-8", "", "Plain version", "--alt-b",
                "Content-Type: text/html; charset=utf-8", "", "<p>HTML <b>version</b></p>", "--alt-b--");
    }

    /** multipart/mixed holding a multipart/alternative and two base64 attachments (one with an encoded name). */
    public static String withAttachments(String messageId, byte[] pdf) {
        String encoded = Base64.getMimeEncoder().encodeToString(pdf);
        return crlf("From: alice@example.org", "To: bob@example.net", "Subject: files",
                "Date: Tue, 14 Nov 2023 10:00:00 +0000", "Message-ID: <" + messageId + ">", "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"mix\"", "",
                "--mix", "Content-Type: multipart/alternative; boundary=\"alt\"", "",
                "--alt", "Content-Type: text/plain; charset=utf-8", "", "see attached", "--alt",
                "Content-Type: text/html; charset=utf-8", "", "<p>see attached</p>", "--alt--",
                "--mix", "Content-Type: application/pdf; name=\"report.pdf\"",
                "Content-Disposition: attachment; filename=\"report.pdf\"", "Content-Transfer-Encoding: base64",
                "Content-ID: <part1@example.org>", "", encoded,
                "--mix", "Content-Type: text/plain; charset=utf-8",
                "Content-Disposition: attachment; filename=\"=?UTF-8?Q?r=C3=A9sum=C3=A9.txt?=\"",
                "Content-Transfer-Encoding: base64", "",
                Base64.getEncoder().encodeToString("CV".getBytes(StandardCharsets.UTF_8)), "--mix--");
    }

    /** UTF-8 body sent as 8bit, with an RFC 2047 UTF-8 (base64) subject. */
    public static byte[] eightBitUtf8(String messageId) {
        return crlf("From: alice@example.org", "To: bob@example.net",
                "Subject: =?UTF-8?B?w4fDoSB2YSDigJQg5pel5pys?=", "Date: Tue, 14 Nov 2023 10:00:00 +0000",
                "Message-ID: <" + messageId + ">", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: 8bit", "", "Grüße aus Köln — 日本").getBytes(StandardCharsets.UTF_8);
    }

    /** ISO-8859-1 quoted-printable body with an RFC 2047 ISO-8859-1 (Q) subject. */
    public static byte[] quotedPrintableLatin1(String messageId) {
        return crlf("From: =?ISO-8859-1?Q?Fran=E7ois?= <francois@example.fr>", "To: bob@example.net",
                "Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?=", "Date: Tue, 14 Nov 2023 10:00:00 +0000",
                "Message-ID: <" + messageId + ">", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=ISO-8859-1", "Content-Transfer-Encoding: quoted-printable", "",
                "D=E9j=E0 vu, tr=E8s =", "long.").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A base64 UTF-8 body. */
    public static String base64Body(String messageId, String text) {
        return crlf("From: alice@example.org", "To: bob@example.net", "Subject: b64",
                "Date: Tue, 14 Nov 2023 10:00:00 +0000", "Message-ID: <" + messageId + ">", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
                Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static String mailingList(String messageId, String from) {
        return crlf("From: " + from, "To: dev@lists.example.org", "Subject: [dev] news",
                "Date: Tue, 14 Nov 2023 10:00:00 +0000", "Message-ID: <" + messageId + ">",
                "List-ID: \"Developers\" <dev.lists.example.org>", "Content-Type: text/plain", "", "list post");
    }

    /** Declares a multipart whose boundary never occurs, and an unknown charset part: damaged MIME. */
    public static String damaged(String messageId) {
        return crlf("From: alice@example.org", "To: bob@example.net", "Subject: broken",
                "Date: Tue, 14 Nov 2023 10:00:00 +0000", "Message-ID: <" + messageId + ">", "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"never-there\"", "", "--other-boundary",
                "Content-Type: text/plain", "", "text that survives", "--other-boundary--");
    }
}
