package io.mailmesh.apiemitter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the API and gateway executable.
 *
 * @param port          REST API and gateway port (0 picks a free one)
 * @param adminToken    the admin API token, or null to disable the admin routes; never printed
 * @param sendTimeout   how long a send waits for the worker's reply
 * @param allowedTopics subjects the gateway publishes on
 * @param redisUrl      Redis URL, or null: no Redis ingress and no audit log
 * @param logList       the audit log list
 * @param rejectedList  the list of rejected Redis/NATS ingress messages
 * @param ingressList   the Redis ingress list ({@code MESSAGES})
 * @param outboxDir     folder of the disk-backed outbox and the audit spool
 * @param outboxMax     most messages the outbox holds before the gateway answers 503
 * @param maxBodyBytes  largest request body accepted
 * @param logMax        most lines the audit log list keeps (older ones are trimmed)
 * @param rejectedMax   most lines the rejected list keeps
 */
public record ApiSettings(int port, String adminToken, Duration sendTimeout, Set<String> allowedTopics,
                          String redisUrl, String logList, String rejectedList, String ingressList, Path outboxDir,
                          int outboxMax, long maxBodyBytes, int logMax, int rejectedMax) {
    public static final String INGRESS = "MESSAGES";

    public ApiSettings {
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        allowedTopics = Set.copyOf(allowedTopics);
        Objects.requireNonNull(logList, "logList");
        Objects.requireNonNull(outboxDir, "outboxDir");
        if (INGRESS.equals(logList) || logList.equals(ingressList)) {
            throw new IllegalArgumentException("the audit log list must not be the ingress list " + ingressList
                    + ": every logged message would be ingested again");
        }
        if (outboxMax < 1 || maxBodyBytes < 1 || logMax < 1 || rejectedMax < 1) {
            throw new IllegalArgumentException("outbox size, body limit and list lengths must be positive");
        }
    }

    public boolean redisEnabled() {
        return redisUrl != null && !redisUrl.isBlank();
    }

    public ApiSettings withRedisUrl(String url) {
        return new ApiSettings(port, adminToken, sendTimeout, allowedTopics, url, logList, rejectedList, ingressList,
                outboxDir, outboxMax, maxBodyBytes, logMax, rejectedMax);
    }

    @Override
    public String toString() {
        return "ApiSettings[port=" + port + ", adminToken=" + (adminToken == null ? "unset" : "***") + ", sendTimeout="
                + sendTimeout + ", allowedTopics=" + allowedTopics + ", redis=" + (redisEnabled() ? "set" : "off")
                + ", logList=" + logList + ", outboxDir=" + outboxDir + ", outboxMax=" + outboxMax
                + ", maxBodyBytes=" + maxBodyBytes + ", logMax=" + logMax + ", rejectedMax=" + rejectedMax + "]";
    }
}
