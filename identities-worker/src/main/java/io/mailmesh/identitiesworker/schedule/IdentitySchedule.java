package io.mailmesh.identitiesworker.schedule;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Identity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the schedule in line with the identities of the store, one identity or all of them. */
@Singleton
public final class IdentitySchedule {
    private static final Logger LOG = LoggerFactory.getLogger(IdentitySchedule.class);

    private final MeshStore store;
    private final SyncScheduler scheduler;

    @Inject
    public IdentitySchedule(MeshStore store, SyncScheduler scheduler) {
        this.store = store;
        this.scheduler = scheduler;
    }

    /** What applying an identity did to the schedule. */
    public enum Change {
        SCHEDULED, RESCHEDULED, UNCHANGED, UNSCHEDULED, NOT_POLLED
    }

    /**
     * Schedules, reschedules or unschedules one identity as the store has it.
     *
     * @throws SyncPlan.InvalidIntervalException if its stored interval is out of bounds (the schedule is kept)
     */
    public Change apply(Identity identity) throws SchedulerException {
        Optional<SyncPlan> plan = SyncPlan.of(identity);
        if (plan.isEmpty()) {
            return scheduler.unschedule(identity.id()) ? Change.UNSCHEDULED : Change.NOT_POLLED;
        }
        boolean known = scheduler.plan(identity.id()).isPresent();
        if (!scheduler.schedule(plan.get(), identity.syncState().lastSync())) {
            return Change.UNCHANGED;
        }
        return known ? Change.RESCHEDULED : Change.SCHEDULED;
    }

    /** Re-reads one identity from the store and applies it; an identity gone from the store is unscheduled. */
    public Change refresh(String identityId) throws SchedulerException {
        Identity identity;
        try {
            identity = store.identities().identity(identityId);
        } catch (RecordNotFoundException e) {
            return scheduler.unschedule(identityId) ? Change.UNSCHEDULED : Change.NOT_POLLED;
        }
        return apply(identity);
    }

    public Optional<SyncPlan> plan(String identityId) {
        return scheduler.plan(identityId);
    }

    public boolean unschedule(String identityId) throws SchedulerException {
        return scheduler.unschedule(identityId);
    }

    /**
     * Brings the whole schedule in line with the store: schedules what is missing, corrects what drifted, and
     * removes what is gone or no longer polled. Identities with an unusable interval are logged and left out.
     * What is to be (re)scheduled goes to the scheduler in one bulk load, soonest due first.
     */
    public Reconciliation reconcile() throws SchedulerException {
        List<Identity> identities = store.identities().remoteIdentities();
        Set<String> seen = new HashSet<>(identities.size() * 2);
        List<SyncScheduler.Scheduling> wanted = new ArrayList<>(identities.size());
        int removed = 0;
        int invalid = 0;
        for (Identity identity : identities) {
            seen.add(identity.id());
            Optional<SyncPlan> plan;
            try {
                plan = SyncPlan.of(identity);
            } catch (SyncPlan.InvalidIntervalException e) {
                invalid++;
                if (scheduler.unschedule(identity.id())) {
                    removed++;
                }
                LOG.warn("not scheduled: {}", e.getMessage());
                continue;
            }
            if (plan.isEmpty()) {
                if (scheduler.unschedule(identity.id())) {
                    removed++;
                }
            } else {
                wanted.add(new SyncScheduler.Scheduling(plan.get(), identity.syncState().lastSync()));
            }
        }
        SyncScheduler.Load loaded = scheduler.scheduleAll(wanted);
        for (String id : scheduler.plans().keySet()) {
            if (!seen.contains(id) && scheduler.unschedule(id)) {
                removed++;
            }
        }
        return new Reconciliation(identities.size(), scheduler.size(), loaded.added(), loaded.changed(), removed,
                invalid);
    }

    /**
     * The outcome of a reconciliation.
     *
     * @param remote    remote identities in the store
     * @param scheduled identities scheduled afterwards
     * @param added     newly scheduled
     * @param changed   rescheduled because the store differed
     * @param removed   unscheduled
     * @param invalid   left out for an out-of-bounds interval
     */
    public record Reconciliation(int remote, int scheduled, int added, int changed, int removed, int invalid) {
        public boolean drifted() {
            return added + changed + removed > 0;
        }
    }
}
