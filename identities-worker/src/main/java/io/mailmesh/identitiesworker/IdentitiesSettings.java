package io.mailmesh.identitiesworker;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of identities-worker besides the mesh's own.
 *
 * @param reconcileEvery   how often the schedule is compared with the store and corrected
 * @param leaseBucket      the NATS key-value bucket holding the sync-slot leases shared by all instances
 * @param leaseTtl         how long a slot lease lives (the bucket's max age)
 * @param intervalUnit     the unit of poll intervals: minutes, or seconds in tests only
 * @param schedulerThreads threads firing syncs
 */
public record IdentitiesSettings(Duration reconcileEvery, String leaseBucket, Duration leaseTtl,
                                 IntervalUnit intervalUnit, int schedulerThreads) {
    public static final String DEFAULT_LEASE_BUCKET = "identities_leases";

    public IdentitiesSettings {
        Objects.requireNonNull(intervalUnit, "intervalUnit");
        if (reconcileEvery.isZero() || reconcileEvery.isNegative()) {
            throw new IllegalArgumentException("the reconciliation period must be positive");
        }
        if (leaseBucket == null || !leaseBucket.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("the lease bucket name may hold only A-Z a-z 0-9 _ -: " + leaseBucket);
        }
        if (leaseTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("the lease TTL must be at least one second");
        }
        if (schedulerThreads < 1 || schedulerThreads > 256) {
            throw new IllegalArgumentException("scheduler threads must be 1 to 256, not " + schedulerThreads);
        }
    }

    /** Production defaults: reconcile every 15 minutes, 30-minute leases, intervals in minutes, 32 threads. */
    public static IdentitiesSettings defaults() {
        return new IdentitiesSettings(Duration.ofMinutes(15), DEFAULT_LEASE_BUCKET, Duration.ofMinutes(30),
                IntervalUnit.MINUTES, 32);
    }

    public IdentitiesSettings withIntervalUnit(IntervalUnit unit) {
        return new IdentitiesSettings(reconcileEvery, leaseBucket, leaseTtl, unit, schedulerThreads);
    }

    public IdentitiesSettings withReconcileEvery(Duration every) {
        return new IdentitiesSettings(every, leaseBucket, leaseTtl, intervalUnit, schedulerThreads);
    }

    public IdentitiesSettings withLeaseBucket(String bucket) {
        return new IdentitiesSettings(reconcileEvery, bucket, leaseTtl, intervalUnit, schedulerThreads);
    }
}
