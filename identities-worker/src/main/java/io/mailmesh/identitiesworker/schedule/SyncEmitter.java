package io.mailmesh.identitiesworker.schedule;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.identitiesworker.IdentitiesSettings;
import io.mailmesh.identitiesworker.lease.SlotLeases;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.emit.PublishFailedException;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fired trigger does: works out the slot, takes its lease and, if won, publishes
 * {@code {"order": "sync", "remote_id": …, "user_id": …}} on the plan's route. The message id is
 * {@code sync.<identity>.<interval seconds>.<slot>}, so a durable route also de-duplicates the slot.
 */
@Singleton
public final class SyncEmitter {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEmitter.class);

    private final OrderEmitter emitter;
    private final SlotLeases leases;
    private final SlotClock clock;
    private final Counter emitted;
    private final Counter lostLease;
    private final Counter failed;
    private final Counter superseded;
    private final Timer lateness;

    @Inject
    public SyncEmitter(OrderEmitter emitter, SlotLeases leases, IdentitiesSettings settings, MeterRegistry registry) {
        this.emitter = emitter;
        this.leases = leases;
        this.clock = new SlotClock(settings.intervalUnit());
        this.emitted = registry.counter("mesh.identities.syncs", "outcome", "emitted");
        this.lostLease = registry.counter("mesh.identities.syncs", "outcome", "other_instance");
        this.failed = registry.counter("mesh.identities.syncs", "outcome", "failed");
        this.superseded = registry.counter("mesh.identities.syncs", "outcome", "superseded");
        this.lateness = Timer.builder("mesh.identities.sync.lateness").description("fire time minus due time")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** Fires {@code plan}'s sync for the slot {@code scheduledAtMillis} falls in. Never throws. */
    public void fire(SyncPlan plan, long scheduledAtMillis) {
        long now = System.currentTimeMillis();
        long interval = clock.intervalMillis(plan.pollInterval());
        long slot = clock.slot(plan.identityId(), interval, scheduledAtMillis);
        long due = clock.slotStart(plan.identityId(), interval, slot);
        if (now - due >= interval) {
            superseded.increment();
            return;
        }
        lateness.record(Duration.ofMillis(Math.max(0, now - due)));
        long intervalSeconds = interval / 1000L;
        try {
            if (!leases.tryAcquire(plan.identityId(), intervalSeconds, slot, due + interval)) {
                lostLease.increment();
                return;
            }
        } catch (SlotLeases.LeaseUnavailableException e) {
            failed.increment();
            LOG.warn("sync of identity {} slot {} skipped: {}", plan.identityId(), slot, e.getMessage());
            return;
        }
        try {
            emitter.publish(plan.syncRoute(), RemoteOrder.of(OrderType.SYNC, plan.identityId(), plan.userId()),
                    messageId(plan.identityId(), intervalSeconds, slot));
            emitted.increment();
        } catch (PublishFailedException | IllegalArgumentException e) {
            failed.increment();
            leases.release(plan.identityId(), intervalSeconds, slot);
            LOG.warn("sync of identity {} slot {} on {} not emitted: {}", plan.identityId(), slot,
                    plan.syncRoute().subject(), e.getMessage());
        }
    }

    /** The message id of a slot's sync: {@code sync.<identity>.<interval seconds>.<slot>}. */
    public static String messageId(String identityId, long intervalSeconds, long slot) {
        return "sync." + identityId + "." + intervalSeconds + "." + slot;
    }
}
