package io.mailmesh.identitiesworker.schedule;

import io.mailmesh.identitiesworker.IntervalUnit;
import java.nio.charset.StandardCharsets;

/**
 * The time arithmetic every instance shares, so they all agree on when an identity is due and which slot a sync
 * belongs to. An identity's syncs are due at {@code offset + k * interval} (epoch milliseconds), where the offset is
 * derived from a hash of its id: identities with the same interval are spread over it instead of firing in the
 * same second. Slot {@code k = floor((t - offset) / interval)} is the sync slot that time {@code t} falls in.
 */
public final class SlotClock {
    private final IntervalUnit unit;

    public SlotClock(IntervalUnit unit) {
        this.unit = unit;
    }

    public IntervalUnit unit() {
        return unit;
    }

    /** The interval in milliseconds. */
    public long intervalMillis(int pollInterval) {
        return pollInterval * unit.millis();
    }

    /** The identity's phase within the interval, in milliseconds, in {@code [0, interval)}. */
    public long offsetMillis(String identityId, long intervalMillis) {
        return Math.floorMod(hash(identityId), intervalMillis);
    }

    /** The slot {@code atMillis} falls in. */
    public long slot(String identityId, long intervalMillis, long atMillis) {
        return Math.floorDiv(atMillis - offsetMillis(identityId, intervalMillis), intervalMillis);
    }

    /** When slot {@code slot} is due. */
    public long slotStart(String identityId, long intervalMillis, long slot) {
        return slot * intervalMillis + offsetMillis(identityId, intervalMillis);
    }

    /** FNV-1a over the UTF-8 bytes, finished with a 64-bit mixer: stable across JVMs and well spread. */
    static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
