package io.mailmesh.identitiesworker.schedule;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.identitiesworker.IdentitiesSettings;
import io.mailmesh.mesh.config.MeshConfig;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final JobKey JOB = JobKey.jobKey("sync", GROUP);

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
        props.setProperty("org.quartz.jobStore.misfireThreshold",
                String.valueOf(Math.min(5_000L, settings.intervalUnit().millis() / 2)));
        props.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        props.setProperty("org.quartz.threadPool.threadCount", String.valueOf(settings.schedulerThreads()));
        props.setProperty("org.quartz.threadPool.threadNamePrefix", "identities-sync");
        props.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
                String.valueOf(settings.schedulerThreads()));
        this.quartz = new StdSchedulerFactory(props).getScheduler();
        JobFactory factory = (bundle, scheduler) -> fire(bundle.getTrigger().getKey().getName());
        quartz.setJobFactory(factory);
        JobDetail job = JobBuilder.newJob(Job.class).withIdentity(JOB).storeDurably().build();
        quartz.addJob(job, true);
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
        long interval = clock.intervalMillis(plan.pollInterval());
        long now = System.currentTimeMillis();
        long currentStart = clock.slotStart(plan.identityId(), interval,
                clock.slot(plan.identityId(), interval, now));
        boolean catchUp = existing == null && (lastSync == null || lastSync.toEpochMilli() < currentStart);
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(plan.identityId(), GROUP).forJob(JOB)
                .startAt(new Date(catchUp ? currentStart : currentStart + interval))
                .withSchedule(CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
                        .withIntervalInSeconds((int) (interval / 1000L))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        plans.put(plan.identityId(), plan);
        if (existing == null || quartz.rescheduleJob(trigger.getKey(), trigger) == null) {
            quartz.scheduleJob(trigger);
        }
        return true;
    }

    /** Removes an identity's trigger. @return true if it was scheduled */
    public synchronized boolean unschedule(String identityId) throws SchedulerException {
        boolean had = plans.remove(identityId) != null;
        quartz.unscheduleJob(TriggerKey.triggerKey(identityId, GROUP));
        return had;
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

    private Job fire(String identityId) {
        return context -> {
            SyncPlan plan = plans.get(identityId);
            if (plan != null) {
                emitter.fire(plan, context.getScheduledFireTime().getTime());
            }
        };
    }
}
