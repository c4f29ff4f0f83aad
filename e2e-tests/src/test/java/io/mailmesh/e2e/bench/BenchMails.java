package io.mailmesh.e2e.bench;

import java.nio.charset.StandardCharsets;

/** The benchmark's mails: 20 KiB of text each, all distinct (Message-ID and body), one sender and recipient. */
final class BenchMails {
    static final int SIZE = 20 * 1024;

    private BenchMails() {
    }

    static String messageId(int index, String tag) {
        return "<" + index + "." + tag + "@bench.test>";
    }

    /** Mail {@code index} of run {@code tag}, lines of CRLF, none starting with a dot. */
    static byte[] mail(int index, String tag) {
        StringBuilder text = new StringBuilder(SIZE + 200);
        text.append("From: \"Alice\" <alice@example.org>\r\nTo: <bob@bench.test>\r\n")
                .append("Subject: bench mail ").append(index).append(' ').append(tag).append("\r\n")
                .append("Date: Tue, 14 Nov 2023 10:00:00 +0000\r\nMessage-ID: ").append(messageId(index, tag))
                .append("\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        for (int line = 0; text.length() < SIZE; line++) {
            text.append("Line ").append(line).append(" of mail ").append(index)
                    .append(": lorem ipsum dolor sit amet, consectetur adipiscing elit, grüße.\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
