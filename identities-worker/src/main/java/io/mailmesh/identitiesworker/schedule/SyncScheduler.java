package io.mailmesh.identitiesworker.schedule;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.identitiesworker.IdentitiesSettings;
import io.mailmesh.mesh.config.MeshConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.quartz.CalendarIntervalScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;

/**
 * The Quartz scheduler (in memory, {@code RAMJobStore}) holding one trigger per polled identity. A trigger repeats
 * every interval at the identity's boundaries ({@link SlotClock}); a fire missed while the process was busy or
 * down runs once, now, and the schedule then keeps its phase (calendar-interval trigger, "fire and proceed"
 * misfire instruction). Thread-safe; triggers may be added before {@link #start()}.
 */
@Singleton
public final class SyncScheduler {
    private static final String GROUP = "sync";
    /**
     * How late a fire may be before Quartz treats it as missed. RAMJobStore re-stamps a missed trigger to "now",
     * behind every trigger that fell due meanwhile, so with a short threshold any stall longer than it (a GC pause,
     * a busy CPU) makes the oldest fires wait for the newest, again and again: a backlog drains newest-first and
     * its tail grows to many seconds. Up to this threshold a backlog fires in due order with its own due time
     * (the right slot); a fire later than its interval is dropped as superseded by {@link SyncEmitter}.
     */
    static final long MISFIRE_THRESHOLD_MILLIS = 60_000L;
    /**
     * Triggers stored per Quartz call in a bulk load: RAMJobStore holds its lock for the whole call (about 20 µs a
     * trigger), and the firing thread and every finishing fire need that lock, so a batch stays a few ms.
     */
    static final int LOAD_BATCH = 100;
    /**
     * A pause between two batches of a bulk load, so the syncs falling due while a long load runs still fire on
     * time: Java monitors are not fair, and without a pause the loading thread takes RAMJobStore's lock straight
     * back and keeps a core busy, while the firing thread and the emitting threads wait for the lock and the CPU. It
     * adds about a second per 100,000 identities to a load.
     */
    static final long BATCH_PAUSE_NANOS = 1_000_000L;

    private final Scheduler quartz;
    private final SlotClock clock;
    private final SyncEmitter emitter;
    private final Map<String, SyncPlan> plans = new ConcurrentHashMap<>();

    @Inject
    public SyncScheduler(MeshConfig config, IdentitiesSettings settings, SyncEmitter emitter)
            throws SchedulerException {
        this.clock = new SlotClock(settings.intervalUnit());
        this.emitter = emitter;
        Properties props = new Properties();
        props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "identities-" + config.instanceId());
        props.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        props.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(MISFIRE_THRESHOLD_MILLIS));
        props.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        props.setProperty("org.quartz.threadPool.threadCount", String.valueOf(settings.schedulerThreads()));
        props.setProperty("org.quartz.threadPool.threadNamePrefix", "identities-sync");
        props.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
                String.valueOf(settings.schedulerThreads()));
        this.quartz = new StdSchedulerFactory(props).getScheduler();
        JobFactory factory = (bundle, scheduler) -> fire(bundle.getTrigger().getKey().getName());
        quartz.setJobFactory(factory);
    }

    /** Starts firing; triggers added before are kept. */
    public void start() throws SchedulerException {
        quartz.start();
    }

    public boolean isStarted() throws SchedulerException {
        return quartz.isStarted() && !quartz.isShutdown();
    }

    /** Stops firing, letting running fires finish. */
    public void shutdown() throws SchedulerException {
        quartz.shutdown(true);
    }

    /**
     * Schedules or reschedules {@code plan}; a no-op when the identity already runs with this very plan. A newly
     * scheduled identity whose current slot has not been synced ({@code lastSync} before the slot began, or
     * never) fires at once for that slot; otherwise, and on every reschedule, the first fire is the next boundary.
     *
     * @return true when the schedule changed
     */
    public synchronized boolean schedule(SyncPlan plan, Instant lastSync) throws SchedulerException {
        SyncPlan existing = plans.get(plan.identityId());
        if (plan.equals(existing)) {
            return false;
        }
        Trigger trigger = trigger(plan, existing == null, lastSync, System.currentTimeMillis());
        plans.put(plan.identityId(), plan);
        if (existing == null || quartz.rescheduleJob(trigger.getKey(), trigger) == null) {
            quartz.scheduleJob(job(plan.identityId()), Set.of(trigger), true);
        }
        return true;
    }

    /**
     * Schedules or reschedules many identities at once, with the same rules as {@link #schedule} for each. They go
     * into Quartz in the order they are due, soonest first, {@value #LOAD_BATCH} triggers per store call: an
     * identity due while a long load is still running is already scheduled, and Quartz's store lock is held by
     * the load for one batch at a time, so the firing thread keeps firing between batches.
     */
    public Load scheduleAll(Collection<Scheduling> wanted) throws SchedulerException {
        long now = System.currentTimeMillis();
        List<Pending> pending = new ArrayList<>(wanted.size());
        for (Scheduling scheduling : wanted) {
            SyncPlan existing = plans.get(scheduling.plan().identityId());
            if (!scheduling.plan().equals(existing)) {
                pending.add(new Pending(scheduling, firstFire(scheduling.plan(), existing == null,
                        scheduling.lastSync(), now)));
            }
        }
        pending.sort(Comparator.comparingLong(Pending::firstFire));
        int added = 0;
        int changed = 0;
        for (int from = 0; from < pending.size(); from += LOAD_BATCH) {
            Load batch = scheduleBatch(pending.subList(from, Math.min(pending.size(), from + LOAD_BATCH)));
            added += batch.added();
            changed += batch.changed();
            LockSupport.parkNanos(BATCH_PAUSE_NANOS);
        }
        return new Load(added, changed);
    }

    private synchronized Load scheduleBatch(List<Pending> batch) throws SchedulerException {
        long now = System.currentTimeMillis();
        Map<String, SyncPlan> previous = new HashMap<>();
        Map<JobDetail, Set<? extends Trigger>> triggers = new LinkedHashMap<>();
        int added = 0;
        for (Pending entry : batch) {
            SyncPlan plan = entry.scheduling().plan();
            SyncPlan existing = plans.get(plan.identityId());
            if (plan.equals(existing) || previous.containsKey(plan.identityId())) {
                continue; // scheduled meanwhile by an order, or listed twice
            }
            triggers.put(job(plan.identityId()), Set.of(trigger(plan, existing == null, entry.scheduling().lastSync(),
                    now)));
            previous.put(plan.identityId(), existing);
            if (existing == null) {
                added++;
            }
            plans.put(plan.identityId(), plan); // before Quartz has the trigger: a fire at once finds its plan
        }
        if (triggers.isEmpty()) {
            return new Load(0, 0);
        }
        try {
            quartz.scheduleJobs(triggers, true);
        } catch (SchedulerException | RuntimeException e) {
            previous.forEach((id, plan) -> {
                if (plan == null) {
                    plans.remove(id);
                } else {
                    plans.put(id, plan);
                }
            });
            throw e;
        }
        return new Load(added, triggers.size() - added);
    }

    private Trigger trigger(SyncPlan plan, boolean isNew, Instant lastSync, long now) {
        long interval = clock.intervalMillis(plan.pollInterval());
        return TriggerBuilder.newTrigger().withIdentity(plan.identityId(), GROUP).forJob(plan.identityId(), GROUP)
                .startAt(new Date(firstFire(plan, isNew, lastSync, now)))
                .withSchedule(CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
                        .withIntervalInSeconds((int) (interval / 1000L))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    /** The current slot's start for a new identity whose slot has not been synced, else the next boundary. */
    private long firstFire(SyncPlan plan, boolean isNew, Instant lastSync, long now) {
        long interval = clock.intervalMillis(plan.pollInterval());
        long currentStart = clock.slotStart(plan.identityId(), interval,
                clock.slot(plan.identityId(), interval, now));
        boolean catchUp = isNew && (lastSync == null || lastSync.toEpochMilli() < currentStart);
        return catchUp ? currentStart : currentStart + interval;
    }

    /** Removes an identity's job and trigger. @return true if it was scheduled */
    public synchronized boolean unschedule(String identityId) throws SchedulerException {
        boolean had = plans.remove(identityId) != null;
        quartz.deleteJob(JobKey.jobKey(identityId, GROUP));
        return had;
    }

    /**
     * The job of one identity. A job per identity, not one shared by every trigger: RAMJobStore copies all the
     * triggers of a job when one of them is removed, so with a shared job an unschedule cost milliseconds per
     * 100,000 identities, under the lock the firing thread needs.
     */
    private static JobDetail job(String identityId) {
        return JobBuilder.newJob(Job.class).withIdentity(identityId, GROUP).build();
    }

    public Optional<SyncPlan> plan(String identityId) {
        return Optional.ofNullable(plans.get(identityId));
    }

    /** A snapshot of every scheduled identity's plan. */
    public Map<String, SyncPlan> plans() {
        return Map.copyOf(plans);
    }

    public int size() {
        return plans.size();
    }

    /** When the identity's trigger fires next, if it is scheduled. */
    public Optional<Instant> nextFire(String identityId) throws SchedulerException {
        Trigger trigger = quartz.getTrigger(TriggerKey.triggerKey(identityId, GROUP));
        return trigger == null || trigger.getNextFireTime() == null ? Optional.empty()
                : Optional.of(trigger.getNextFireTime().toInstant());
    }

    public SlotClock clock() {
        return clock;
    }

    /** One identity of a bulk load: its plan and when it was last synced ({@code null}: never). */
    public record Scheduling(SyncPlan plan, Instant lastSync) {
    }

    /**
     * What a bulk load changed.
     *
     * @param added   identities newly scheduled
     * @param changed identities rescheduled with a different plan
     */
    public record Load(int added, int changed) {
    }

    private record Pending(Scheduling scheduling, long firstFire) {
    }

    private Job fire(String identityId) {
        return context -> {
            SyncPlan plan = plans.get(identityId);
            if (plan != null) {
                emitter.fire(plan, context.getScheduledFireTime().getTime());
            }
        };
    }
}
