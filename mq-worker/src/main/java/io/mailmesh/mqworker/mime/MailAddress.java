package io.mailmesh.mqworker.mime;

import java.util.Locale;

/**
 * One address read from a header.
 *
 * @param address the address, trimmed and lower-cased
 * @param name    the decoded display name, or null
 */
public record MailAddress(String address, String name) {
    public MailAddress {
        address = address.trim().toLowerCase(Locale.ROOT);
        name = name == null || name.isBlank() ? null : name.trim();
    }
}
