package io.mailmesh.twitterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.Reply;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureTest extends BridgeTestBase {

    @Test
    void rateLimitedSyncAsksForADoubledPollInterval() throws Exception {
        // given an identity polled every 15 minutes whose next call is rate limited for 60 s
        Account alice = newAccount("alice_limit", 15);
        twitter.rateLimitNext(alice.token(), 1, 60);

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("rate_limited");
        TestWorkers.await(WAIT, "update_interval", () -> !identityOrdersFor(alice, "update_interval").isEmpty());
        JsonNode order = identityOrdersFor(alice, "update_interval").get(0);
        assertThat(order.path("poll_intervall").asText()).isEqualTo("30");
        assertThat(order.path("protocol").asText()).isEqualTo("twitter");
        assertThat(order.path("user_id").asText()).isEqualTo(alice.userId());
    }

    @Test
    void rateLimitedAccountMakesNoCallBeforeTheReset() throws Exception {
        // given a rate limit resetting in 10 minutes
        Account alice = newAccount("alice_reset", 15);
        twitter.rateLimitNext(alice.token(), 1, 600);
        sync(alice);
        int callsAfterLimit = callsWith(alice.token());

        // when syncing again before the reset
        Reply reply = sync(alice);

        // then Twitter is not called
        assertThat(reply.code()).isEqualTo("rate_limited");
        assertThat(reply.message()).contains("resets at");
        assertThat(callsWith(alice.token())).isEqualTo(callsAfterLimit);
        assertThat(registry().live(alice.identityId()).orElseThrow().blockedUntil())
                .isAfter(Instant.now().plusSeconds(500));
    }

    @Test
    void backOffHonoursAResetLongerThanTheDoubledInterval() throws Exception {
        // given a 5-minute interval and a limit that resets in about 15 minutes
        Account alice = newAccount("alice_longreset", 5);
        twitter.rateLimitNext(alice.token(), 1, 900);

        // when
        sync(alice);

        // then the interval covers the reset, not just 10 minutes
        TestWorkers.await(WAIT, "update_interval", () -> !identityOrdersFor(alice, "update_interval").isEmpty());
        int interval = identityOrdersFor(alice, "update_interval").get(0).path("poll_intervall").asInt();
        assertThat(interval).isBetween(14, 15);
    }

    @Test
    void backOffIsBoundedToThreeDays() throws Exception {
        // given an interval already at 3000 minutes
        Account alice = newAccount("alice_bound", 3000);
        twitter.rateLimitNext(alice.token(), 1, 60);

        // when
        sync(alice);

        // then
        TestWorkers.await(WAIT, "update_interval", () -> !identityOrdersFor(alice, "update_interval").isEmpty());
        assertThat(identityOrdersFor(alice, "update_interval").get(0).path("poll_intervall").asText())
                .isEqualTo("4320");
    }

    @Test
    void aSuccessfulSyncAfterARateLimitRestoresTheConfiguredInterval() throws Exception {
        // given a rate-limited identity whose back-off identities-worker stored (as it does on update_interval)
        Account alice = newAccount("alice_restore", 7);
        store.identities().updateSyncState(alice.identityId(), s -> s.withBackoff(14));
        twitter.rateLimitNext(alice.token(), 1, 2);
        sync(alice);
        TestWorkers.await(WAIT, "the back-off", () -> !identityOrdersFor(alice, "update_interval").isEmpty());
        assertThat(identityOrdersFor(alice, "update_interval").get(0).path("poll_intervall").asInt())
                .as("doubled from the back-off in force, not from the configured interval").isEqualTo(28);
        TestWorkers.await(WAIT, "the rate limit reset", () -> !registry().live(alice.identityId()).orElseThrow()
                .isBlockedAt(java.time.Instant.now()));

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.error()).isFalse();
        TestWorkers.await(WAIT, "the restore", () -> identityOrdersFor(alice, "update_interval").size() == 2);
        assertThat(identityOrdersFor(alice, "update_interval").get(1).path("poll_intervall").asText())
                .isEqualTo("7");
        assertThat(identity(alice).syncState().backoffMinutes()).isZero();
        assertThat(identity(alice).pollIntervalMinutes()).isEqualTo(7);
    }

    @Test
    void aRateLimitWhoseResetHasAlreadyPassedIsStillARateLimit() throws Exception {
        // given a 429 without Retry-After whose reset time is now (Twitter4J's header lookup fails on it)
        Account alice = newAccount("alice_reset_now");
        twitter.rateLimitNext(alice.token(), 1, 0);

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.code()).isEqualTo("rate_limited");
        TestWorkers.await(WAIT, "update_interval", () -> !identityOrdersFor(alice, "update_interval").isEmpty());
    }

    @Test
    void revokedTokenIsRecordedAndStopsTheWorker() throws Exception {
        // given a running worker whose token is then revoked
        Account alice = newAccount("alice_revoked");
        assertThat(sync(alice).error()).isFalse();
        assertThat(registry().live(alice.identityId())).isPresent();
        twitter.revoke(alice.token());

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("invalid_token");
        assertThat(reply.message()).doesNotContain(alice.token());
        assertThat(identity(alice).syncState().errorCount()).isEqualTo(1);
        assertThat(identity(alice).syncState().lastError()).contains("401").contains("89");
        assertThat(identity(alice).status()).isEqualTo(IdentityStatus.ACTIVE);
        assertThat(registry().live(alice.identityId())).isEmpty();
    }

    @Test
    void repeatedTokenRejectionsMakeTheIdentityInactive() throws Exception {
        // given a revoked token
        Account alice = newAccount("alice_inactive");
        twitter.revoke(alice.token());

        // when three syncs fail on it
        for (int i = 0; i < 3; i++) {
            assertThat(sync(alice).code()).isEqualTo("invalid_token");
        }

        // then
        assertThat(identity(alice).status()).isEqualTo(IdentityStatus.INACTIVE);
        TestWorkers.await(WAIT, "update_identity", () -> !identityOrdersFor(alice, "update_identity").isEmpty());
        assertThat(identityOrdersFor(alice, "update_identity")).hasSize(1);
        int calls = callsWith(alice.token());
        Reply afterwards = sync(alice);
        assertThat(afterwards.code()).isEqualTo("identity_inactive");
        assertThat(callsWith(alice.token())).isEqualTo(calls);
    }

    @Test
    void successfulSyncClearsAnEarlierError() throws Exception {
        // given an identity with a recorded failure
        Account alice = newAccount("alice_recovers");
        store.identities().updateSyncState(alice.identityId(), s -> s.withError("earlier failure", Instant.now()));

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.error()).isFalse();
        assertThat(identity(alice).syncState().errorCount()).isZero();
        assertThat(identity(alice).syncState().lastSync()).isNotNull();
    }

    private static int callsWith(String token) {
        return (int) twitter.requests().stream().filter(r -> token.equals(r.token())).count();
    }
}
