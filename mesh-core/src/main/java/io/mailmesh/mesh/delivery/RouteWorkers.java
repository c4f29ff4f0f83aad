package io.mailmesh.mesh.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that take a core route's orders from its subscription and handle each on the taking thread, so an
 * order crosses no more threads than with a plain NATS responder. {@code concurrency} threads take orders at once.
 * A handler past its deadline holds only its own thread: that thread stops counting, and a replacement starts in
 * its place, at most {@value #MAX_EXTRA_THREADS} beyond {@code concurrency}; when the late handler returns, its thread
 * rejoins if the route is short of takers, and ends otherwise.
 */
final class RouteWorkers {
    /** Replacements for threads stuck past a deadline; beyond this a route runs with fewer takers until one returns. */
    static final int MAX_EXTRA_THREADS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(RouteWorkers.class);

    /** How a worker takes and handles orders. */
    @FunctionalInterface
    interface Taker {
        /**
         * Takes the next order, if one comes within a short wait, and handles it on the calling thread.
         *
         * @return false once no order will come any more (the subscription was drained or closed)
         */
        boolean takeAndHandle() throws InterruptedException;
    }

    private final String name;
    private final int concurrency;
    private final Taker taker;
    private final List<Worker> threads = new ArrayList<>();
    private int taking;
    private int pastDeadline;
    private int started;
    private boolean stopping;

    RouteWorkers(String name, int concurrency, Taker taker) {
        this.name = name;
        this.concurrency = concurrency;
        this.taker = taker;
    }

    synchronized void start() {
        for (int i = 0; i < concurrency; i++) {
            startWorker();
        }
    }

    /** Waits up to {@code grace} for the threads to finish what they hold, then interrupts those still running. */
    void awaitStopped(Duration grace) {
        List<Worker> all;
        synchronized (this) {
            stopping = true;
            all = List.copyOf(threads);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Worker worker : all) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(worker, left);
                }
            }
            for (Worker worker : all) {
                if (worker.isAlive()) {
                    worker.interrupt();
                }
            }
            for (Worker worker : all) {
                worker.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(Thread::interrupt);
        }
    }

    private void startWorker() {
        Worker worker = new Worker(name + "-" + (++started));
        threads.add(worker);
        taking++;
        worker.start();
    }

    private synchronized void pastDeadline(Worker worker) {
        taking--;
        pastDeadline++;
        if (stopping) {
            return;
        }
        if (pastDeadline <= MAX_EXTRA_THREADS) {
            startWorker();
        } else {
            LOG.warn("{}: {} handlers are past their deadline; no thread replaces {} (at most {} extra threads), so"
                    + " {} of {} take orders until one returns", name, pastDeadline, worker.getName(),
                    MAX_EXTRA_THREADS, taking, concurrency);
        }
    }

    /** A thread whose late handler returned: it takes orders again only if the route is short of takers. */
    private synchronized boolean rejoins() {
        pastDeadline--;
        if (!stopping && taking < concurrency) {
            taking++;
            return true;
        }
        return false;
    }

    private synchronized void ended(Worker worker, boolean wasTaking) {
        threads.remove(worker);
        if (wasTaking) {
            taking--;
        }
    }

    /** One taking thread; told by its handler's deadline when the order it holds has been settled without it. */
    final class Worker extends Thread {
        private volatile boolean overran;

        private Worker(String threadName) {
            super(threadName);
            setDaemon(true);
        }

        /** The order this thread is handling has passed its deadline and been settled; a replacement starts. */
        void overranDeadline() {
            overran = true;
            pastDeadline(this);
        }

        @Override
        public void run() {
            boolean isTaking = true;
            try {
                while (true) {
                    boolean more;
                    try {
                        more = taker.takeAndHandle();
                    } catch (InterruptedException e) {
                        if (isStopping()) {
                            return;
                        }
                        continue;
                    } catch (RuntimeException | Error e) {
                        LOG.error("{}: an order failed outside its handler", name, e);
                        continue;
                    }
                    if (!more) {
                        return;
                    }
                    if (overran) {
                        overran = false;
                        isTaking = rejoins();
                        if (!isTaking) {
                            return;
                        }
                    }
                    // a handler may leave the interrupt it got at its deadline, or the one a stop sends, set
                    if (Thread.interrupted() && isStopping()) {
                        return;
                    }
                }
            } finally {
                ended(this, isTaking);
            }
        }
    }

    private synchronized boolean isStopping() {
        return stopping;
    }
}
