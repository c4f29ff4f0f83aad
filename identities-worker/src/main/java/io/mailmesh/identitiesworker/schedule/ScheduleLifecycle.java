package io.mailmesh.identitiesworker.schedule;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.identitiesworker.IdentitiesSettings;
import io.mailmesh.identitiesworker.lease.SlotLeases;
import io.mailmesh.mesh.handler.Lifecycle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler as a part of the running executable: at start it schedules every active remote identity of the
 * store (Quartz already running, so no identity waits for the whole load), follows the other instances' change notices and reconciles with the store periodically.
 */
@Singleton
public final class ScheduleLifecycle implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleLifecycle.class);

    private final SyncScheduler scheduler;
    private final IdentitySchedule schedule;
    private final SlotLeases leases;
    private final IdentitiesSettings settings;
    private ScheduledExecutorService reconciler;
    private ExecutorService refresher;
    private AutoCloseable watch;
    private volatile boolean ready;

    @Inject
    public ScheduleLifecycle(SyncScheduler scheduler, IdentitySchedule schedule, SlotLeases leases,
                             IdentitiesSettings settings) {
        this.scheduler = scheduler;
        this.schedule = schedule;
        this.leases = leases;
        this.settings = settings;
    }

    @Override
    public void start() throws Exception {
        leases.open();
        refresher = Executors.newSingleThreadExecutor(r -> daemon(r, "identities-refresh"));
        watch = leases.watchAnnouncements(id -> refresher.execute(() -> refresh(id)));
        scheduler.start();
        long began = System.nanoTime();
        IdentitySchedule.Reconciliation loaded = schedule.reconcile();
        LOG.info("scheduled {} of {} remote identities in {} ms (intervals in {}, {} left out for a bad interval)",
                loaded.scheduled(), loaded.remote(), (System.nanoTime() - began) / 1_000_000,
                settings.intervalUnit().name().toLowerCase(), loaded.invalid());
        reconciler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "identities-reconcile"));
        long every = settings.reconcileEvery().toMillis();
        reconciler.scheduleWithFixedDelay(this::reconcile, every, every, TimeUnit.MILLISECONDS);
        ready = true;
    }

    @Override
    public void stop() throws Exception {
        ready = false;
        if (reconciler != null) {
            reconciler.shutdownNow();
        }
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.debug("watch close: {}", e.toString());
            }
        }
        if (refresher != null) {
            refresher.shutdownNow();
        }
        scheduler.shutdown();
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    private void reconcile() {
        try {
            IdentitySchedule.Reconciliation result = schedule.reconcile();
            if (result.drifted()) {
                LOG.info("reconciled the schedule with the store: {}", result);
            }
        } catch (Exception e) {
            LOG.warn("reconciliation failed, retrying in {}: {}", settings.reconcileEvery(), e.toString());
        }
    }

    private void refresh(String identityId) {
        try {
            schedule.refresh(identityId);
        } catch (Exception e) {
            LOG.warn("could not refresh identity {} after another instance's notice: {}", identityId, e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
