package io.mailmesh.twitterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.twitterbridge.fake.FakeTwitter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncTest extends BridgeTestBase {

    @AfterEach
    void restoreDefaults() {
        twitter.pageSize(50);
        inboundFails = false;
    }

    @Test
    void syncWalksThreePagesAndImportsOldestFirst() throws Exception {
        // given five DMs served two per page
        Account alice = newAccount("alice_pages");
        long bob = newTwitterUser("bob_pages");
        for (int i = 1; i <= 5; i++) {
            twitter.addDm(String.valueOf(7000 + i), bob, alice.twitterId(), "hello " + i);
        }
        twitter.pageSize(2);

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.error()).as(reply.message()).isFalse();
        assertThat(dmIds(inboundFor(alice))).containsExactly("7001", "7002", "7003", "7004", "7005");
        List<FakeTwitter.Request> pages = twitter.requests("direct_messages/events/list.json").stream()
                .filter(r -> r.token().equals(alice.token())).toList();
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).params()).doesNotContainKey("cursor");
        assertThat(pages.get(1).params()).containsEntry("cursor", "c2");
        assertThat(pages.get(2).params()).containsEntry("cursor", "c4");
        assertThat(identity(alice).syncState().lastSeenDmId()).isEqualTo("7005");
    }

    @Test
    void syncComparesDmIdsAsNumbersPastAPowerOfTen() throws Exception {
        // given ids around 1000, where text order and number order differ, and 999 already seen
        Account alice = newAccount("alice_numbers");
        long bob = newTwitterUser("bob_numbers");
        for (String id : List.of("998", "999", "1000", "1001")) {
            twitter.addDm(id, bob, alice.twitterId(), "dm " + id);
        }
        store.identities().updateSyncState(alice.identityId(), s -> s.withLastSeenDmId("999"));

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.error()).as(reply.message()).isFalse();
        assertThat(dmIds(inboundFor(alice))).containsExactly("1000", "1001");
        assertThat(identity(alice).syncState().lastSeenDmId()).isEqualTo("1001");
    }

    @Test
    void firstSyncOrdersNineHundredNinetyNineBeforeOneThousand() throws Exception {
        // given
        Account alice = newAccount("alice_order");
        long bob = newTwitterUser("bob_order");
        twitter.addDm("1000", bob, alice.twitterId(), "second");
        twitter.addDm("999", bob, alice.twitterId(), "first");

        // when
        sync(alice);

        // then
        assertThat(dmIds(inboundFor(alice))).containsExactly("999", "1000");
        assertThat(identity(alice).syncState().lastSeenDmId()).isEqualTo("1000");
    }

    @Test
    void syncSkipsDmsTheAccountSentItselfButAdvancesPastThem() throws Exception {
        // given a DM from bob and, newer, alice's own answer
        Account alice = newAccount("alice_echo");
        long bob = newTwitterUser("bob_echo");
        twitter.addDm("8001", bob, alice.twitterId(), "hi alice");
        twitter.addDm("8002", alice.twitterId(), bob, "hi bob");

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.message()).contains("imported 1 direct message").contains("skipped 1");
        assertThat(dmIds(inboundFor(alice))).containsExactly("8001");
        assertThat(identity(alice).syncState().lastSeenDmId()).isEqualTo("8002");
    }

    @Test
    void syncStoresTheRawEventWithBothScreenNames() throws Exception {
        // given
        Account alice = newAccount("alice_raw");
        long bob = newTwitterUser("bob_raw");
        twitter.addDm("9001", bob, alice.twitterId(), "raw text");

        // when
        sync(alice);

        // then
        MessageOrder order = inboundFor(alice).get(0);
        assertThat(order.userId()).isEqualTo(alice.userId());
        RawMessage meta = store.rawMessages().rawMessage(order.messageId());
        assertThat(meta.fetch().protocol()).isEqualTo(Protocol.TWITTER);
        assertThat(meta.delivered()).as("marked delivered once mq-worker imported it").isTrue();
        JsonNode raw = rawJson(order.messageId());
        assertThat(raw.path("type").asText()).isEqualTo("message_create");
        assertThat(raw.path("message_create").path("message_data").path("text").asText()).isEqualTo("raw text");
        assertThat(raw.path("sender_screen_name").asText()).isEqualTo("bob_raw");
        assertThat(raw.path("recipient_screen_name").asText()).isEqualTo("alice_raw");
    }

    @Test
    void secondSyncImportsOnlyWhatArrivedSince() throws Exception {
        // given a first sync done
        Account alice = newAccount("alice_again");
        long bob = newTwitterUser("bob_again");
        twitter.addDm("9101", bob, alice.twitterId(), "one");
        sync(alice);
        twitter.addDm("9102", bob, alice.twitterId(), "two");

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.message()).contains("imported 1 direct message");
        assertThat(dmIds(inboundFor(alice))).containsExactly("9101", "9102");
    }

    @Test
    void syncStopsAtAFailedProcessInboundAndKeepsItsCursor() throws Exception {
        // given
        Account alice = newAccount("alice_inbound");
        long bob = newTwitterUser("bob_inbound");
        twitter.addDm("9201", bob, alice.twitterId(), "lost?");
        inboundFails = true;

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("inbound_failed");
        assertThat(identity(alice).syncState().lastSeenDmId()).isNull();

        // and when mq-worker is back, the DM is imported
        inboundFails = false;
        assertThat(sync(alice).error()).isFalse();
        assertThat(dmIds(inboundFor(alice))).containsExactly("9201");
    }

    @Test
    void publishedSyncForAnIdentityWithoutWorkerStartsOne() throws Exception {
        // given no live worker
        Account alice = newAccount("alice_ondemand");
        long bob = newTwitterUser("bob_ondemand");
        twitter.addDm("9301", bob, alice.twitterId(), "hello");
        assertThat(registry().live(alice.identityId())).isEmpty();

        // when sync is published (pub/sub), as identities-worker does
        emitter().publish(Routes.TWITTER_DM, RemoteOrder.of(OrderType.SYNC, alice.identityId(), alice.userId()));

        // then
        TestWorkers.await(WAIT, "the DM imported", () -> inboundFor(alice).size() == 1);
        assertThat(registry().live(alice.identityId())).isPresent();
    }

    @Test
    void syncOfAnUnknownIdentityAnswersNotFound() throws Exception {
        // given / when
        Reply reply = request(RemoteOrder.of(OrderType.SYNC, "no-such-identity", "u-nobody"));

        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("identity_not_found");
    }

    private static List<String> dmIds(List<MessageOrder> orders) throws Exception {
        List<String> ids = new ArrayList<>();
        for (MessageOrder order : orders) {
            ids.add(dmIdOf(order));
        }
        return ids;
    }
}
