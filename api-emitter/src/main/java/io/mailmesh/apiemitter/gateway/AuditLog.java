package io.mailmesh.apiemitter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.mesh.handler.Lifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The gateway's audit log: every accepted message appended as JSON to a Redis list ({@code MESSAGES:log} by
 * default), rejected Redis/NATS ingress messages to {@code MESSAGES:rejected}. While Redis is unreachable entries
 * are appended (and synced) to a local spool file, flushed in order once Redis answers again. Without a Redis URL
 * the log is off, which the start says loudly. Both lists are trimmed to their configured length after each push
 * ({@code GATEWAY_LOG_MAX}, {@code GATEWAY_REJECTED_MAX}) so a flood cannot fill Redis's memory.
 */
@Singleton
public final class AuditLog implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 500;

    private final ApiSettings settings;
    private final Path spoolFile;
    private final Object spoolLock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private JedisPooled redis;
    private volatile boolean spooling;
    private Thread flusher;

    @Inject
    AuditLog(ApiSettings settings) {
        this.settings = settings;
        this.spoolFile = settings.outboxDir().resolve("audit-spool.jsonl");
    }

    @Override
    public synchronized void start() throws IOException {
        if (!settings.redisEnabled()) {
            LOG.warn("*** REDIS_URL is not set: the gateway's AUDIT LOG IS OFF and the Redis ingress is disabled ***");
            return;
        }
        if (redis != null) {
            return;
        }
        Files.createDirectories(settings.outboxDir());
        redis = RedisClients.pooled(settings.redisUrl());
        spooling = Files.exists(spoolFile) && Files.size(spoolFile) > 0;
        flusher = new Thread(this::flushLoop, "audit-spool-flusher");
        flusher.setDaemon(true);
        flusher.start();
        LOG.info("audit log on Redis list {} (rejected: {})", settings.logList(), settings.rejectedList());
    }

    public boolean enabled() {
        return redis != null;
    }

    /** The Redis client, for the ingress and replay; null when Redis is off. */
    public JedisPooled redis() {
        return redis;
    }

    public void append(AuditEntry entry) {
        write(settings.logList(), entry.toJson());
    }

    public void rejected(String protocol, String raw, String reason) {
        var node = JSON.createObjectNode().put("protocol", protocol).put("time", Instant.now().toString())
                .put("reason", reason).put("raw", raw.length() > 10_000 ? raw.substring(0, 10_000) : raw);
        write(settings.rejectedList(), node.toString());
    }

    /**
     * A request accepted without a waiting caller that no worker answered ({@code outcome} no_responders or
     * timeout): nobody else would ever hear of it, so it gets an outcome line in the log, under its entry's id, and
     * the order goes to the rejected list with the reason, where ops look for what needs resending.
     */
    public void unanswered(AuditEntry entry, String outcome, String reason) {
        var line = JSON.createObjectNode().put("id", entry.id()).put("protocol", entry.protocol())
                .put("time", Instant.now().toString()).put("topic", entry.topic()).put("outcome", outcome)
                .put("reason", reason);
        write(settings.logList(), line.toString());
        var rejected = JSON.createObjectNode().put("id", entry.id()).put("protocol", entry.protocol())
                .put("time", line.get("time").textValue()).put("reason", outcome + ": " + reason)
                .put("raw", entry.toJson());
        write(settings.rejectedList(), rejected.toString());
    }

    /** Lines still waiting in the spool. */
    public boolean spooling() {
        return spooling;
    }

    private void write(String list, String line) {
        if (redis == null) {
            return;
        }
        if (!spooling) {
            try {
                try (var pipeline = redis.pipelined()) {
                    pipeline.rpush(list, line);
                    pipeline.ltrim(list, -maxLength(list), -1);
                    pipeline.sync();
                }
                return;
            } catch (JedisException e) {
                LOG.warn("Redis unreachable ({}); spooling the audit log to {}", e.getMessage(), spoolFile);
            }
        }
        spool(list, line);
    }

    private void spool(String list, String line) {
        String record = JSON.createObjectNode().put("list", list).put("line", line).toString() + "\n";
        synchronized (spoolLock) {
            try (FileChannel channel = FileChannel.open(spoolFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                channel.write(java.nio.ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spool the audit log", e);
            }
            spooling = true;
        }
    }

    private void flushLoop() {
        try {
            while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
                if (spooling) {
                    flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pushes the spool to Redis in order; leaves it in place if Redis is still unreachable. */
    void flush() {
        synchronized (spoolLock) {
            try {
                if (!Files.exists(spoolFile)) {
                    spooling = false;
                    return;
                }
                List<String> records = Files.readAllLines(spoolFile, StandardCharsets.UTF_8);
                int done = 0;
                try {
                    while (done < records.size()) {
                        List<String> batch = records.subList(done, Math.min(records.size(), done + BATCH));
                        pushBatch(batch);
                        done += batch.size();
                    }
                } catch (JedisException e) {
                    if (done > 0) {
                        Files.write(spoolFile, records.subList(done, records.size()), StandardCharsets.UTF_8);
                    }
                    return;
                }
                Files.delete(spoolFile);
                spooling = false;
                LOG.info("Redis is back: {} spooled audit entries flushed", records.size());
            } catch (IOException e) {
                LOG.error("cannot read the audit spool {}: {}", spoolFile, e.toString());
            }
        }
    }

    private void pushBatch(List<String> records) throws IOException {
        var pipeline = redis.pipelined();
        try (pipeline) {
            Set<String> lists = new HashSet<>();
            for (String record : records) {
                var node = JSON.readTree(record);
                String list = node.get("list").textValue();
                pipeline.rpush(list, node.get("line").textValue());
                lists.add(list);
            }
            lists.forEach(list -> pipeline.ltrim(list, -maxLength(list), -1));
            pipeline.sync();
        }
    }

    /** The length a list is trimmed to: keeps the newest lines. */
    private long maxLength(String list) {
        return list.equals(settings.rejectedList()) ? settings.rejectedMax() : settings.logMax();
    }

    /** Audit entries from index {@code start}, at most {@code count}. */
    public List<String> range(long start, int count) {
        return redis == null ? new ArrayList<>() : redis.lrange(settings.logList(), start, start + count - 1);
    }

    @Override
    public void stop() {
        stopped.countDown();
        if (flusher != null) {
            try {
                flusher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (redis != null) {
            if (spooling) {
                flush();
            }
            redis.close();
        }
    }
}
