package io.mailmesh.apiemitter.middleman;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the middleman endpoint ({@code /middleman}).
 *
 * @param serviceKeys      keys that enable every command; never printed
 * @param clientKeys       keys that enable what services enabled (user API tokens act as client keys too); never
 *                         printed
 * @param maxFrameBytes    largest frame accepted (UTF-8 bytes); a larger one gets an error frame
 * @param maxQueuedFrames  frames a connection may have unsent before it is closed as a slow consumer
 * @param maxSubscriptions targets one connection may subscribe to
 * @param maxPendingRequests requests one connection may have waiting for their answer
 * @param requestTimeout   how long a REQ waits for its RES
 * @param lease            how long a service's enablement outlives its last heartbeat (its instance vanished)
 * @param authTimeout      how long a new connection has to send its key
 */
public record MiddlemanSettings(List<String> serviceKeys, List<String> clientKeys, int maxFrameBytes,
                                int maxQueuedFrames, int maxSubscriptions, int maxPendingRequests,
                                Duration requestTimeout, Duration lease, Duration authTimeout) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 65_536;

    public MiddlemanSettings {
        serviceKeys = List.copyOf(serviceKeys);
        clientKeys = List.copyOf(clientKeys);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(authTimeout, "authTimeout");
        if (maxFrameBytes < 64 || maxQueuedFrames < 1 || maxSubscriptions < 1 || maxPendingRequests < 1) {
            throw new IllegalArgumentException("middleman limits must be positive (frames at least 64 bytes)");
        }
        if (lease.toSeconds() < 3) {
            throw new IllegalArgumentException("the middleman lease is at least 3 seconds (heartbeats every third)");
        }
        if (serviceKeys.stream().anyMatch(String::isBlank) || clientKeys.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("a middleman key is not blank");
        }
    }

    /** Secure defaults: no keys (only user tokens are accepted, as client keys). */
    public static MiddlemanSettings defaults() {
        return new MiddlemanSettings(List.of(), List.of(), DEFAULT_MAX_FRAME_BYTES, 1_000, 1_000, 100,
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public MiddlemanSettings withKeys(List<String> service, List<String> client) {
        return new MiddlemanSettings(service, client, maxFrameBytes, maxQueuedFrames, maxSubscriptions,
                maxPendingRequests, requestTimeout, lease, authTimeout);
    }

    public MiddlemanSettings withLimits(int frameBytes, int queuedFrames, int subscriptions, int pendingRequests) {
        return new MiddlemanSettings(serviceKeys, clientKeys, frameBytes, queuedFrames, subscriptions,
                pendingRequests, requestTimeout, lease, authTimeout);
    }

    public MiddlemanSettings withTimes(Duration request, Duration newLease, Duration auth) {
        return new MiddlemanSettings(serviceKeys, clientKeys, maxFrameBytes, maxQueuedFrames, maxSubscriptions,
                maxPendingRequests, request, newLease, auth);
    }

    @Override
    public String toString() {
        return "MiddlemanSettings[serviceKeys=" + serviceKeys.size() + ", clientKeys=" + clientKeys.size()
                + ", maxFrameBytes=" + maxFrameBytes + ", maxQueuedFrames=" + maxQueuedFrames + ", maxSubscriptions="
                + maxSubscriptions + ", maxPendingRequests=" + maxPendingRequests + ", requestTimeout="
                + requestTimeout + ", lease=" + lease + ", authTimeout=" + authTimeout + "]";
    }
}
