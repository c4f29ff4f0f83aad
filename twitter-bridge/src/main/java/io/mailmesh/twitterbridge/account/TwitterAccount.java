package io.mailmesh.twitterbridge.account;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import twitter4j.TwitterException;

/**
 * The live handler of one Twitter identity: its client, its own user id (looked up once), the time before which
 * Twitter asked us not to call (rate limit) and the lock that keeps its syncs one at a time.
 */
public final class TwitterAccount {
    private final String identityId;
    private final String userId;
    private final String screenName;
    private final TwitterApi api;
    private final AtomicReference<Long> ownUserId = new AtomicReference<>();
    private final AtomicReference<Instant> blockedUntil = new AtomicReference<>(Instant.EPOCH);
    private final ReentrantLock syncLock = new ReentrantLock();

    public TwitterAccount(String identityId, String userId, String screenName, TwitterApi api) {
        this.identityId = identityId;
        this.userId = userId;
        this.screenName = screenName;
        this.api = api;
    }

    public String identityId() {
        return identityId;
    }

    public String userId() {
        return userId;
    }

    /** The account's own screen name (the identity's address, without {@code @}). */
    public String screenName() {
        return screenName;
    }

    public TwitterApi api() {
        return api;
    }

    /** The account's own user id, looked up by screen name on first use. */
    public long ownUserId() throws TwitterException {
        Long known = ownUserId.get();
        if (known == null) {
            known = api.userId(screenName);
            ownUserId.set(known);
        }
        return known;
    }

    /** Twitter asked us to wait until {@code until}; calls before then are refused. */
    public void blockUntil(Instant until) {
        blockedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
    }

    public Instant blockedUntil() {
        return blockedUntil.get();
    }

    public boolean isBlockedAt(Instant now) {
        return now.isBefore(blockedUntil.get());
    }

    /** The lock that keeps one sync of this account at a time. */
    public ReentrantLock syncLock() {
        return syncLock;
    }
}
