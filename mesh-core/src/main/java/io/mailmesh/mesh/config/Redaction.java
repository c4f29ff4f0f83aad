package io.mailmesh.mesh.config;

import java.util.regex.Pattern;

/** Masks secrets in text meant for logs and replies. */
public final class Redaction {
    private static final Pattern URL_USERINFO = Pattern.compile("(://)[^/@,\\s]+@");

    private Redaction() {
    }

    /** {@code nats://user:secret@host:4222} becomes {@code nats://***@host:4222}; several URLs are handled. */
    public static String url(String url) {
        return url == null ? null : URL_USERINFO.matcher(url).replaceAll("$1***@");
    }
}
