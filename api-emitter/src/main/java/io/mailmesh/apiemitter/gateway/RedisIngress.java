package io.mailmesh.apiemitter.gateway;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.web.Caller;
import io.mailmesh.mesh.handler.Lifecycle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis ingress on the list {@code MESSAGES}, as seed 000 does, at least once: each entry is moved atomically
 * ({@code BLMOVE}) to {@code MESSAGES:processing} and removed from there only once the gateway has taken it
 * (published, kept in the outbox, or refused to the rejected list), so a crash in between leaves it in the
 * processing list, which is ingested again first at the next start (an entry published just before a crash is then
 * published twice, under a new id). An internal channel: whoever can push to the list is infrastructure, and the
 * order's user_id is taken as given.
 *
 * <p>The loop never dies quietly: any failure restarts it with back-off, and while Redis has not answered for
 * {@link #UNREACHABLE_BOUND} (or the thread is gone) {@link #isReady()} is false, so {@code /readyz} says 503.
 */
@Singleton
public final class RedisIngress implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RedisIngress.class);
    private static final int BLOCK_SECONDS = 1;
    /** Several blocking rounds without an answer: Redis is gone, not slow. */
    static final Duration UNREACHABLE_BOUND = Duration.ofSeconds(5);
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final ApiSettings settings;
    private final Gateway gateway;
    private final String processingList;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long lastAnswerNanos;
    private volatile Thread thread;

    /** The gateway did not take an entry (its outbox is full): it stays in the processing list for a retry. */
    private static final class NotTaken extends RuntimeException {
        NotTaken(String reason) {
            super(reason, null, false, false);
        }
    }

    @Inject
    RedisIngress(ApiSettings settings, Gateway gateway) {
        this.settings = settings;
        this.gateway = gateway;
        this.processingList = processingListOf(settings.ingressList());
    }

    /** Where entries wait between being taken from {@code ingressList} and being accepted by the gateway. */
    public static String processingListOf(String ingressList) {
        return ingressList + ":processing";
    }

    @Override
    public synchronized void start() {
        if (!settings.redisEnabled() || thread != null) {
            return;
        }
        lastAnswerNanos = System.nanoTime();
        thread = new Thread(this::run, "redis-ingress");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Redis ingress on list {} (in flight: {})", settings.ingressList(), processingList);
    }

    /** Ready when Redis is off, or the loop runs and Redis answered within {@link #UNREACHABLE_BOUND}. */
    @Override
    public boolean isReady() {
        if (!settings.redisEnabled()) {
            return true;
        }
        Thread running = thread;
        return running != null && running.isAlive()
                && System.nanoTime() - lastAnswerNanos < UNREACHABLE_BOUND.toNanos();
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean warned = false;
        while (stopped.getCount() > 0) {
            try (Jedis jedis = RedisClients.single(settings.redisUrl(), BLOCK_SECONDS)) {
                reingestLeftovers(jedis);
                while (stopped.getCount() > 0) {
                    ingestNext(jedis);
                    backoff = FIRST_BACKOFF_MILLIS;
                    warned = false;
                }
            } catch (JedisException e) {
                if (!warned) {
                    LOG.warn("Redis ingress lost Redis ({}); retrying with back-off", e.getMessage());
                    warned = true;
                }
            } catch (NotTaken e) {
                LOG.warn("Redis ingress paused: {}; the entry stays in {}", e.getMessage(), processingList);
            } catch (RuntimeException e) {
                LOG.error("Redis ingress loop failed; restarting it in {} ms", backoff, e);
            }
            try {
                if (stopped.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /** Entries a crash (or a stop) left in the processing list, oldest first: at its right end. */
    private void reingestLeftovers(Jedis jedis) {
        List<String> leftovers = jedis.lrange(processingList, 0, -1);
        answered();
        if (!leftovers.isEmpty()) {
            LOG.info("Redis ingress: {} entries left in {} by the previous run are ingested again",
                    leftovers.size(), processingList);
        }
        for (int i = leftovers.size() - 1; i >= 0 && stopped.getCount() > 0; i--) {
            take(jedis, leftovers.get(i));
        }
    }

    private void ingestNext(Jedis jedis) {
        String entry = jedis.blmove(settings.ingressList(), processingList, ListDirection.RIGHT, ListDirection.LEFT,
                BLOCK_SECONDS);
        answered();
        if (entry != null) {
            take(jedis, entry);
        }
    }

    /** Hands {@code entry} to the gateway, then forgets it: once accepted it is in NATS, the outbox or a list. */
    private void take(Jedis jedis, String entry) {
        Gateway.Ack ack = gateway.accept("redis", entry.getBytes(StandardCharsets.UTF_8), WaitSlots.NONE,
                Caller.INFRASTRUCTURE).completion().join();
        if (ack.status() == 503) {
            throw new NotTaken(ack.json());
        }
        // from the right end, where the oldest copy of an entry pushed twice sits
        jedis.lrem(processingList, -1, entry);
        answered();
    }

    private void answered() {
        lastAnswerNanos = System.nanoTime();
    }

    @Override
    public void stop() throws InterruptedException {
        stopped.countDown();
        if (thread != null) {
            thread.join((BLOCK_SECONDS + 3) * 1000L);
        }
    }
}
