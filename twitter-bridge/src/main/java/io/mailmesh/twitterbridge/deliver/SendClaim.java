package io.mailmesh.twitterbridge.deliver;

import io.mailmesh.mesh.store.model.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lease on sending a draft, kept as a tag on the draft and taken with compare-and-set, so that two instances
 * never send the same draft at once. A lease left by a crashed instance expires.
 */
final class SendClaim {
    static final String PREFIX = "twitter-sending-until-";

    private SendClaim() {
    }

    /** When the live lease on {@code draft} ends, if one is live at {@code now}. */
    static Optional<Instant> liveUntil(Message draft, Instant now) {
        return draft.tags().stream()
                .filter(t -> t.startsWith(PREFIX))
                .map(t -> parse(t.substring(PREFIX.length())))
                .flatMap(Optional::stream)
                .filter(now::isBefore)
                .max(Instant::compareTo);
    }

    /** The draft holding a lease until {@code until} (and no other). */
    static Message take(Message draft, Instant until) {
        List<String> tags = new ArrayList<>(withoutLease(draft.tags()));
        tags.add(PREFIX + until.getEpochSecond());
        return draft.withTags(tags);
    }

    /** The tags without any lease. */
    static List<String> withoutLease(List<String> tags) {
        return tags.stream().filter(t -> !t.startsWith(PREFIX)).toList();
    }

    private static Optional<Instant> parse(String epochSeconds) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(epochSeconds)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
