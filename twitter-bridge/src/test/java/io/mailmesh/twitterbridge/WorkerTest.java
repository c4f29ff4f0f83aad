package io.mailmesh.twitterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Routes;
import io.mailmesh.twitterbridge.account.TwitterAccount;
import io.mailmesh.twitterbridge.fake.FakeTwitter;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerTest extends BridgeTestBase {

    @Test
    void addWorkerStartsTheAccountHandler() {
        // given
        Account alice = newAccount("alice_add");

        // when
        publish(OrderType.ADD_WORKER, alice);

        // then
        TestWorkers.await(WAIT, "a live worker", () -> registry().live(alice.identityId()).isPresent());
        assertThat(registry().live(alice.identityId()).orElseThrow().screenName()).isEqualTo("alice_add");
    }

    @Test
    void reloadWorkerRebuildsTheHandlerWithNewTokens() throws Exception {
        // given a running worker, then new tokens stored and known to Twitter
        Account alice = newAccount("alice_reload");
        publish(OrderType.ADD_WORKER, alice);
        TestWorkers.await(WAIT, "a live worker", () -> registry().live(alice.identityId()).isPresent());
        TwitterAccount before = registry().live(alice.identityId()).orElseThrow();
        String newToken = "token-reloaded-" + alice.twitterId();
        store.identities().putCredentials(alice.identityId(), Credentials.twitter(newToken, "s2", null, null));
        twitter.addAccount(alice.screenName(), alice.twitterId(), newToken);

        // when
        publish(OrderType.RELOAD_WORKER, alice);
        TestWorkers.await(WAIT, "a new worker", () -> registry().live(alice.identityId())
                .filter(a -> a != before).isPresent());
        sync(alice);

        // then the sync calls Twitter with the new token
        List<FakeTwitter.Request> lists = twitter.requests("direct_messages/events/list.json");
        assertThat(lists.get(lists.size() - 1).token()).isEqualTo(newToken);
    }

    @Test
    void removeWorkerStopsTheAccountHandler() {
        // given
        Account alice = newAccount("alice_remove");
        publish(OrderType.ADD_WORKER, alice);
        TestWorkers.await(WAIT, "a live worker", () -> registry().live(alice.identityId()).isPresent());

        // when
        publish(OrderType.REMOVE_WORKER, alice);

        // then
        TestWorkers.await(WAIT, "no live worker", () -> registry().live(alice.identityId()).isEmpty());
    }

    @Test
    void addWorkerWithoutCredentialsStartsNothing() throws Exception {
        // given an identity whose credentials are gone, and a marker order after it
        Account alice = newAccount("alice_nocreds");
        Account marker = newAccount("alice_marker");
        store.identities().putCredentials(alice.identityId(), new Credentials(null, null, null, null, null, null));

        // when
        publish(OrderType.ADD_WORKER, alice);
        publish(OrderType.ADD_WORKER, marker);

        // then
        TestWorkers.await(WAIT, "the marker worker", () -> registry().live(marker.identityId()).isPresent());
        assertThat(registry().live(alice.identityId())).isEmpty();
        assertThat(sync(alice).code()).isEqualTo("missing_token");
    }

    private static void publish(OrderType type, Account account) {
        emitter().publish(Routes.TWITTER_WORKER, RemoteOrder.of(type, account.identityId(), account.userId()));
    }
}
