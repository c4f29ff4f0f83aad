package io.mailmesh.mesh.store.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The protocol of an identity, a participant or a fetched raw message; lower-case on the wire. */
public enum Protocol {
    EMAIL, SMTP, IMAP, TWITTER;

    /** The wire name: {@code email}, {@code smtp}, {@code imap} or {@code twitter}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively; throws {@link IllegalArgumentException} for anything else. */
    @JsonCreator
    public static Protocol of(String name) {
        if (name != null) {
            for (Protocol p : values()) {
                if (p.name().equalsIgnoreCase(name.trim())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown protocol: " + name + " (email, smtp, imap or twitter)");
    }
}
