package io.mailmesh.mqworker.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.PublicKey;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.mqworker.MqWorkerSettings;
import io.mailmesh.mqworker.testing.Http;
import io.mailmesh.mqworker.testing.TestKeys;
import io.mailmesh.mqworker.testing.Worker;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.KeyOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** discover_key, publish_key and delete_key on keyAction, with WKD and HKP served by a local HTTP server. */
class KeyActionTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static Http http;
    static Worker worker;
    static PGPPublicKeyRing valid;
    static PGPPublicKeyRing expired;
    static PGPPublicKeyRing hkpOnly;

    String userId;

    @BeforeAll
    static void start() throws Exception {
        http = new Http();
        worker = Worker.start(nats.url(), new MqWorkerSettings(http.base(), http.base(), Duration.ofSeconds(2)));
        Instant now = Instant.now();
        valid = TestKeys.generate("Alice <alice@example.org>", now.minusSeconds(3600), 0);
        expired = TestKeys.generate("Alice old <alice@example.org>", now.minus(Duration.ofDays(10)), 86_400);
        hkpOnly = TestKeys.generate("Hal <hal@example.net>", now.minusSeconds(60), 365L * 86_400);
    }

    @AfterAll
    static void stop() {
        worker.close();
        http.close();
    }

    @BeforeEach
    void newUser() {
        userId = worker.newUser();
    }

    static String wkdHash(String local) throws Exception {
        return ZBase32.encode(MessageDigest.getInstance("SHA-1").digest(local.getBytes(StandardCharsets.UTF_8)));
    }

    private void contact(String id, String... addresses) {
        worker.store().contacts().putContact(new Contact(id, userId, null, null, id,
                java.util.Arrays.stream(addresses).map(a -> new ContactEmail(a, null)).toList(), List.of(),
                List.of()));
    }

    private void publish(OrderType type, String contactId) {
        worker.emitter().publish(Routes.KEY_ACTION, ContactOrder.of(type, contactId, userId));
    }

    private List<PublicKey> keysOf(String contactId) {
        return worker.store().publicKeys().publicKeysOf(userId, contactId);
    }

    @Test
    void discoverKeyStoresTheValidWkdKeyAndIgnoresTheExpiredOne() throws Exception {
        // given: WKD advanced serves both keys, binary
        byte[] both = concat(TestKeys.binary(expired), TestKeys.binary(valid));
        http.answer("/.well-known/openpgpkey/example.org/hu/" + wkdHash("alice") + "?l=alice", both);
        contact("c-alice", "alice@example.org");
        // when
        publish(OrderType.DISCOVER_KEY, "c-alice");
        // then
        TestWorkers.await(Duration.ofSeconds(20), "key stored", () -> !keysOf("c-alice").isEmpty());
        PublicKey key = keysOf("c-alice").get(0);
        assertThat(keysOf("c-alice")).hasSize(1);
        assertThat(key.fingerprint()).isEqualTo(TestKeys.fingerprint(valid));
        assertThat(key.algorithm()).isEqualTo("RSA");
        assertThat(key.bitSize()).isEqualTo(2048);
        assertThat(key.expiresAt()).isNull();
        assertThat(key.createdAt()).isEqualTo(valid.getPublicKey().getCreationTime().toInstant());
        assertThat(key.userIds()).containsExactly("Alice <alice@example.org>");
        assertThat(OpenPgpKeys.parse(key.armored()).get(0).fingerprint()).isEqualTo(key.fingerprint());
        TestWorkers.await(Duration.ofSeconds(10), "key listed on the contact", () -> worker.store().contacts()
                .contact(userId, "c-alice").publicKeyIds().equals(List.of(key.keyId())));
    }

    @Test
    void discoverKeyFindsHkpKeysAndNeverStoresAFingerprintTwice() throws Exception {
        // given: hal's key was discovered once
        String hkpPath = "/pks/lookup?op=get&options=mr&search=hal%40example.net";
        http.answer(hkpPath, TestKeys.armored(hkpOnly).getBytes(StandardCharsets.US_ASCII));
        contact("c-hal", "Hal@Example.net");
        publish(OrderType.DISCOVER_KEY, "c-hal");
        TestWorkers.await(Duration.ofSeconds(20), "key stored", () -> keysOf("c-hal").size() == 1);
        PublicKey first = keysOf("c-hal").get(0);
        assertThat(first.fingerprint()).isEqualTo(TestKeys.fingerprint(hkpOnly));
        assertThat(first.expiresAt()).isEqualTo(first.createdAt().plusSeconds(365L * 86_400));
        // when: the server now also serves a second key, and WKD direct serves the first one too
        PGPPublicKeyRing second = TestKeys.generate("Hal <hal@example.net>", Instant.now().minusSeconds(5), 0);
        http.answer(hkpPath, (TestKeys.armored(hkpOnly) + TestKeys.armored(second))
                .getBytes(StandardCharsets.US_ASCII));
        http.answer("/.well-known/openpgpkey/hu/" + wkdHash("hal") + "?l=hal", TestKeys.binary(hkpOnly));
        publish(OrderType.DISCOVER_KEY, "c-hal");
        // then
        TestWorkers.await(Duration.ofSeconds(20), "second key stored", () -> keysOf("c-hal").size() == 2);
        assertThat(keysOf("c-hal")).extracting(PublicKey::fingerprint)
                .containsExactlyInAnyOrder(TestKeys.fingerprint(hkpOnly), TestKeys.fingerprint(second));
    }

    @Test
    void keysWhoseUserIdDoesNotCarryTheAddressAreIgnored() throws Exception {
        // given: the server answers with hal's key for another address, then with a valid one for a marker contact
        http.answer("/pks/lookup?op=get&options=mr&search=nobody%40example.net",
                TestKeys.armored(hkpOnly).getBytes(StandardCharsets.US_ASCII));
        http.answer("/pks/lookup?op=get&options=mr&search=alice%40example.org",
                TestKeys.armored(valid).getBytes(StandardCharsets.US_ASCII));
        contact("c-nobody", "nobody@example.net", "alice@example.org");
        // when
        publish(OrderType.DISCOVER_KEY, "c-nobody");
        // then: alice's key (looked up after nobody's) is stored, hal's never
        TestWorkers.await(Duration.ofSeconds(20), "alice's key stored", () -> keysOf("c-nobody").size() == 1);
        assertThat(keysOf("c-nobody")).extracting(PublicKey::fingerprint)
                .containsExactly(TestKeys.fingerprint(valid));
    }

    @Test
    void keyServerOutageIsRetriedWithBackOffUntilTheKeyIsFound() throws Exception {
        // given: the next two requests fail with 503
        http.answer("/.well-known/openpgpkey/hu/" + wkdHash("ida") + "?l=ida",
                TestKeys.binary(TestKeys.generate("Ida <ida@example.com>", Instant.now().minusSeconds(5), 0)));
        contact("c-ida", "ida@example.com");
        http.failNext(2);
        // when
        publish(OrderType.DISCOVER_KEY, "c-ida");
        // then
        TestWorkers.await(Duration.ofSeconds(30), "key stored after the outage", () -> keysOf("c-ida").size() == 1);
    }

    @Test
    void publishKeyValidatesTheStoredKeyAndAttachesItToTheContact() {
        // given
        contact("c-jo");
        worker.store().publicKeys().putPublicKey(new PublicKey("api-key-1", userId, "c-jo", null, null, 0, null,
                null, List.of(), TestKeys.armored(valid), "from api"));
        KeyOrder order = KeyOrder.of(OrderType.PUBLISH_KEY, "api-key-1", "c-jo", userId);
        // when: published twice
        worker.emitter().publish(Routes.KEY_ACTION, order);
        worker.emitter().publish(Routes.KEY_ACTION, order);
        // then
        TestWorkers.await(Duration.ofSeconds(20), "key validated", () -> TestKeys.fingerprint(valid)
                .equals(worker.store().publicKeys().publicKey(userId, "api-key-1").fingerprint()));
        TestWorkers.await(Duration.ofSeconds(20), "attached once", () -> worker.store().contacts()
                .contact(userId, "c-jo").publicKeyIds().equals(List.of("api-key-1")));
        PublicKey key = worker.store().publicKeys().publicKey(userId, "api-key-1");
        assertThat(key.algorithm()).isEqualTo("RSA");
        assertThat(key.label()).isEqualTo("from api");
    }

    @Test
    void publishOfAnInvalidKeyIsDeadLetteredWithItsCause() throws Exception {
        // given
        contact("c-kim");
        worker.store().publicKeys().putPublicKey(new PublicKey("bad-key", userId, "c-kim", null, null, 0, null,
                null, List.of(), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n", null));
        try (Connection observer = Nats.connect(nats.url())) {
            Subscription dead = observer.subscribe(DurableTopology.DEAD_LETTER_PREFIX + Routes.KEY_ACTION.subject());
            observer.flush(Duration.ofSeconds(2));
            // when
            worker.emitter().publish(Routes.KEY_ACTION, KeyOrder.of(OrderType.PUBLISH_KEY, "bad-key", "c-kim",
                    userId));
            // then
            io.nats.client.Message letter = Optional.ofNullable(dead.nextMessage(Duration.ofSeconds(20)))
                    .orElseThrow(() -> new AssertionError("no dead letter"));
            assertThat(letter.getHeaders().getFirst(MeshHeaders.DEAD_ERROR_CODE)).isEqualTo("invalid_key");
            assertThat(letter.getHeaders().getFirst(MeshHeaders.DEAD_ERROR)).contains("bad-key");
            assertThat(worker.store().contacts().contact(userId, "c-kim").publicKeyIds()).isEmpty();
        }
    }

    @Test
    void publishOfAnExpiredKeyIsDeadLettered() throws Exception {
        // given
        contact("c-lou");
        worker.store().publicKeys().putPublicKey(new PublicKey("old-key", userId, "c-lou", null, null, 0, null,
                null, List.of(), TestKeys.armored(expired), null));
        try (Connection observer = Nats.connect(nats.url())) {
            Subscription dead = observer.subscribe(DurableTopology.DEAD_LETTER_PREFIX + Routes.KEY_ACTION.subject());
            observer.flush(Duration.ofSeconds(2));
            // when
            worker.emitter().publish(Routes.KEY_ACTION, KeyOrder.of(OrderType.PUBLISH_KEY, "old-key", "c-lou",
                    userId));
            // then
            io.nats.client.Message letter = Optional.ofNullable(dead.nextMessage(Duration.ofSeconds(20)))
                    .orElseThrow(() -> new AssertionError("no dead letter"));
            assertThat(letter.getHeaders().getFirst(MeshHeaders.DEAD_ERROR)).contains("expired");
        }
    }

    @Test
    void deleteKeyDetachesAndRemovesTheKeyIdempotently() {
        // given
        contact("c-max");
        worker.store().publicKeys().putPublicKey(new PublicKey("max-key", userId, "c-max", null, null, 0, null,
                null, List.of(), TestKeys.armored(valid), null));
        worker.store().contacts().updateContact(userId, "c-max", c -> c.withPublicKeyIds(List.of("max-key")));
        KeyOrder order = KeyOrder.of(OrderType.DELETE_KEY, "max-key", "c-max", userId);
        // when
        worker.emitter().publish(Routes.KEY_ACTION, order);
        worker.emitter().publish(Routes.KEY_ACTION, order);
        // then
        TestWorkers.await(Duration.ofSeconds(20), "key detached", () -> worker.store().contacts()
                .contact(userId, "c-max").publicKeyIds().isEmpty());
        TestWorkers.await(Duration.ofSeconds(20), "key deleted", () -> {
            try {
                worker.store().publicKeys().publicKey(userId, "max-key");
                return false;
            } catch (RecordNotFoundException e) {
                return true;
            }
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
