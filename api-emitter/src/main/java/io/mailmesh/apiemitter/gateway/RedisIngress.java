package io.mailmesh.apiemitter.gateway;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.web.Caller;
import io.mailmesh.mesh.handler.Lifecycle;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.KeyValue;

/**
 * The Redis ingress: {@code BRPOP} on the list {@code MESSAGES}, as seed 000 does. An internal channel: whoever
 * can push to the list is infrastructure, and the order's user_id is taken as given. Rejected messages (no caller to
 * answer) go to the rejected list with the reason. Reconnects on its own when Redis goes away.
 */
@Singleton
public final class RedisIngress implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RedisIngress.class);
    private static final int BLOCK_SECONDS = 1;

    private final ApiSettings settings;
    private final Gateway gateway;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    @Inject
    RedisIngress(ApiSettings settings, Gateway gateway) {
        this.settings = settings;
        this.gateway = gateway;
    }

    @Override
    public synchronized void start() {
        if (!settings.redisEnabled() || thread != null) {
            return;
        }
        thread = new Thread(this::run, "redis-ingress");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Redis ingress on list {}", settings.ingressList());
    }

    private void run() {
        boolean warned = false;
        while (stopped.getCount() > 0) {
            try (Jedis jedis = RedisClients.single(settings.redisUrl(), BLOCK_SECONDS)) {
                while (stopped.getCount() > 0) {
                    KeyValue<String, String> popped = jedis.brpop((double) BLOCK_SECONDS, settings.ingressList());
                    warned = false;
                    if (popped != null) {
                        gateway.accept("redis", popped.getValue().getBytes(StandardCharsets.UTF_8), false,
                                Caller.INFRASTRUCTURE);
                    }
                }
            } catch (JedisException e) {
                if (!warned) {
                    LOG.warn("Redis ingress lost Redis ({}); retrying every second", e.getMessage());
                    warned = true;
                }
                try {
                    stopped.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void stop() throws InterruptedException {
        stopped.countDown();
        if (thread != null) {
            thread.join((BLOCK_SECONDS + 3) * 1000L);
        }
    }
}
