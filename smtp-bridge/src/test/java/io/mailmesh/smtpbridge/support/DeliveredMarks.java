package io.mailmesh.smtpbridge.support;

import io.mailmesh.mesh.store.MeshStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The delivered mark of an accepted mail, which smtp-bridge writes without waiting for it after the 250: a test
 * polls for it, bounded, instead of reading it once right after the reply.
 */
public final class DeliveredMarks {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private DeliveredMarks() {
    }

    /** Whether raw message {@code rawId} reads delivered within {@link #LIMIT}. */
    public static boolean markedWithinLimit(MeshStore store, String rawId) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!store.rawMessages().rawMessage(rawId).delivered()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling the store, bounded
        }
        return true;
    }
}
