package io.mailmesh.smtpbridge.deliver;

import io.mailmesh.mesh.store.model.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The "sending" marker a deliver puts on a draft before it sends it, so that concurrent delivers of one draft send
 * it once. The marker is a reserved tag {@code $smtp-bridge:sending:<token>:<expiry-millis>} written by
 * compare-and-set: only one deliver can add it to a draft that has none. It carries an expiry (a lease) so a draft
 * whose sender died mid-send can be sent again once the lease is over.
 */
final class DraftClaims {
    static final String PREFIX = "$smtp-bridge:sending:";

    private DraftClaims() {
    }

    /** A claim read from a draft. */
    record Claim(String token, Instant expires) {
        boolean activeAt(Instant now) {
            return expires.isAfter(now);
        }
    }

    /** The claim on {@code message}, if any (active or expired). */
    static Optional<Claim> claimOf(Message message) {
        for (String tag : message.tags()) {
            if (tag.startsWith(PREFIX)) {
                String rest = tag.substring(PREFIX.length());
                int sep = rest.lastIndexOf(':');
                if (sep > 0) {
                    try {
                        return Optional.of(new Claim(rest.substring(0, sep),
                                Instant.ofEpochMilli(Long.parseLong(rest.substring(sep + 1)))));
                    } catch (NumberFormatException e) {
                        return Optional.of(new Claim(rest, Instant.EPOCH));
                    }
                }
                return Optional.of(new Claim(rest, Instant.EPOCH));
            }
        }
        return Optional.empty();
    }

    /** {@code message} with this claim instead of any previous one. */
    static Message withClaim(Message message, String token, Instant expires) {
        List<String> tags = tagsWithoutClaim(message);
        tags.add(PREFIX + token + ":" + expires.toEpochMilli());
        return message.withTags(tags);
    }

    /** {@code message} without any claim. */
    static Message withoutClaim(Message message) {
        return message.withTags(tagsWithoutClaim(message));
    }

    private static List<String> tagsWithoutClaim(Message message) {
        List<String> tags = new ArrayList<>(message.tags().size() + 1);
        for (String tag : message.tags()) {
            if (!tag.startsWith(PREFIX)) {
                tags.add(tag);
            }
        }
        return tags;
    }
}
