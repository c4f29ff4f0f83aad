package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each REST route's order, observed by a plain NATS subscriber on the real subject; auth and validation. */
class RestApiOrdersTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static ApiFixture api;
    static Connection observer;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(2));
        observer = ApiFixture.connect(nats.url());
    }

    @AfterAll
    static void stop() throws Exception {
        observer.close();
        api.close();
    }

    private static final String IMAP_IDENTITY = """
            {"protocol": "imap", "address": "bob@example.org", "poll_interval": 10,
             "incoming": {"host": "imap.example.org", "port": 993, "username": "bob"},
             "credentials": {"password": "hunter2"}}""";

    @Test
    void createRemoteIdentityEmitsAddIdentityWithProtocolAndInterval() throws Exception {
        // given
        String token = api.newUserToken("bob");
        try (Subscriber orders = new Subscriber(observer, "identitiesWorker")) {
            // when
            Response created = api.post("/api/v2/identities/remotes", token, IMAP_IDENTITY);
            // then
            assertThat(created.status()).isEqualTo(201);
            JsonNode order = orders.next();
            assertThat(order.get("order").textValue()).isEqualTo("add_identity");
            assertThat(order.get("identity_id").textValue()).isEqualTo(created.body().get("id").textValue());
            assertThat(order.get("protocol").textValue()).isEqualTo("imap");
            assertThat(order.get("poll_intervall").textValue()).isEqualTo("10");
            assertThat(order.get("user_id").textValue()).isEqualTo(created.body().get("user_id").textValue());
            assertThat(created.raw().body()).doesNotContain("hunter2");
        }
    }

    @Test
    void patchAndDeleteRemoteIdentityEmitUpdateAndDeleteIdentity() throws Exception {
        // given
        String token = api.newUserToken("carol");
        String id = api.post("/api/v2/identities/remotes", token, IMAP_IDENTITY).body().get("id").textValue();
        try (Subscriber orders = new Subscriber(observer, "identitiesWorker")) {
            // when
            Response patched = api.send("PATCH", "/api/v2/identities/remotes/" + id, token,
                    "{\"poll_interval\": 30, \"credentials\": {\"password\": \"new-secret\"}}");
            Response deleted = api.send("DELETE", "/api/v2/identities/remotes/" + id, token, null);
            // then
            assertThat(patched.status()).isEqualTo(200);
            assertThat(deleted.status()).isEqualTo(204);
            JsonNode update = orders.next();
            assertThat(update.get("order").textValue()).isEqualTo("update_identity");
            assertThat(update.get("poll_intervall").textValue()).isEqualTo("30");
            JsonNode delete = orders.next();
            assertThat(delete.get("order").textValue()).isEqualTo("delete_identity");
            assertThat(delete.get("identity_id").textValue()).isEqualTo(id);
            assertThat(api.get("/api/v2/identities/remotes/" + id, token).status()).isEqualTo(404);
        }
    }

    @Test
    void listingRemoteIdentitiesNeverReturnsCredentials() {
        // given
        String token = api.newUserToken("dave");
        api.post("/api/v2/identities/remotes", token, IMAP_IDENTITY);
        // when
        Response listed = api.get("/api/v2/identities/remotes", token);
        // then
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().size()).isEqualTo(1);
        assertThat(listed.raw().body()).doesNotContain("hunter2").doesNotContain("password\":");
    }

    @Test
    void createContactEmitsContactUpdate() throws Exception {
        // given
        String token = api.newUserToken("erin");
        try (Subscriber orders = new Subscriber(observer, "contactAction")) {
            // when
            Response created = api.post("/api/v2/contacts", token,
                    "{\"display_name\": \"Alice\", \"emails\": [{\"address\": \"alice@example.org\"}]}");
            // then
            assertThat(created.status()).isEqualTo(201);
            JsonNode order = orders.next();
            assertThat(order.get("order").textValue()).isEqualTo("contact_update");
            assertThat(order.get("contact_id").textValue()).isEqualTo(created.body().get("id").textValue());
        }
    }

    @Test
    void patchChangingEmailsEmitsContactUpdateAndDiscoverKey() throws Exception {
        // given
        String token = api.newUserToken("frank");
        String id = api.post("/api/v2/contacts", token, "{\"display_name\": \"Alice\"}").body().get("id").textValue();
        try (Subscriber contacts = new Subscriber(observer, "contactAction");
             Subscriber keys = new Subscriber(observer, "keyAction")) {
            // when
            Response patched = api.send("PATCH", "/api/v2/contacts/" + id, token,
                    "{\"emails\": [{\"address\": \"alice@example.org\"}]}");
            // then
            assertThat(patched.status()).isEqualTo(200);
            assertThat(contacts.next().get("order").textValue()).isEqualTo("contact_update");
            JsonNode discover = keys.next();
            assertThat(discover.get("order").textValue()).isEqualTo("discover_key");
            assertThat(discover.get("contact_id").textValue()).isEqualTo(id);
        }
    }

    @Test
    void patchChangingOnlyTheNameDoesNotEmitDiscoverKey() throws Exception {
        // given
        String token = api.newUserToken("gina");
        String id = api.post("/api/v2/contacts", token, "{\"display_name\": \"Alice\"}").body().get("id").textValue();
        try (Subscriber contacts = new Subscriber(observer, "contactAction");
             Subscriber keys = new Subscriber(observer, "keyAction")) {
            // when
            api.send("PATCH", "/api/v2/contacts/" + id, token, "{\"display_name\": \"Alice L.\"}");
            // then
            assertThat(contacts.next().get("order").textValue()).isEqualTo("contact_update");
            assertThat(keys.poll(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void deleteContactEmitsContactUpdate() throws Exception {
        // given
        String token = api.newUserToken("hank");
        String id = api.post("/api/v2/contacts", token, "{\"display_name\": \"Alice\"}").body().get("id").textValue();
        try (Subscriber contacts = new Subscriber(observer, "contactAction")) {
            // when
            Response deleted = api.send("DELETE", "/api/v2/contacts/" + id, token, null);
            // then
            assertThat(deleted.status()).isEqualTo(204);
            assertThat(contacts.next().get("contact_id").textValue()).isEqualTo(id);
            assertThat(api.get("/api/v2/contacts/" + id, token).status()).isEqualTo(404);
        }
    }

    @Test
    void addingAndDeletingAPublicKeyEmitPublishKeyAndDeleteKey() throws Exception {
        // given
        String token = api.newUserToken("ivy");
        String id = api.post("/api/v2/contacts", token, "{\"display_name\": \"Alice\"}").body().get("id").textValue();
        String armored = armoredPublicKey();
        try (Subscriber keys = new Subscriber(observer, "keyAction")) {
            // when
            Response added = api.post("/api/v2/contacts/" + id + "/publickeys", token,
                    ApiFixture.JSON.createObjectNode().put("armored", armored).toString());
            String keyId = added.body().get("key_id").textValue();
            Response deleted = api.send("DELETE", "/api/v2/contacts/" + id + "/publickeys/" + keyId, token, null);
            // then
            assertThat(added.status()).isEqualTo(201);
            assertThat(deleted.status()).isEqualTo(204);
            JsonNode publish = keys.next();
            assertThat(publish.get("order").textValue()).isEqualTo("publish_key");
            assertThat(publish.get("key_id").textValue()).isEqualTo(keyId);
            assertThat(publish.get("resource_id").textValue()).isEqualTo(id);
            JsonNode delete = keys.next();
            assertThat(delete.get("order").textValue()).isEqualTo("delete_key");
            assertThat(delete.get("key_id").textValue()).isEqualTo(keyId);
        }
    }

    @Test
    void aKeyThatIsNotArmoredIsRefusedNamingTheField() {
        // given
        String token = api.newUserToken("jack");
        String id = api.post("/api/v2/contacts", token, "{\"display_name\": \"Alice\"}").body().get("id").textValue();
        // when
        Response refused = api.post("/api/v2/contacts/" + id + "/publickeys", token, "{\"armored\": \"nope\"}");
        // then
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("field").textValue()).isEqualTo("armored");
    }

    @Test
    void requestsWithoutAValidTokenAre401() {
        // when
        Response missing = api.get("/api/v2/contacts", null);
        Response wrong = api.get("/api/v2/contacts", "not-a-token");
        // then
        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().get("error").textValue()).isEqualTo("unauthorized");
    }

    @Test
    void aUserTokenOnAnAdminRouteIs403() {
        // given
        String token = api.newUserToken("kate");
        // when
        Response refused = api.post("/api/v2/admin/users/x/notify", token, "{\"subject\": \"s\", \"body\": \"b\"}");
        // then
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void anotherUsersContactIs404() {
        // given
        String owner = api.newUserToken("liam");
        String other = api.newUserToken("mia");
        String id = api.post("/api/v2/contacts", owner, "{\"display_name\": \"Alice\"}").body().get("id").textValue();
        // when
        Response seen = api.get("/api/v2/contacts/" + id, other);
        // then
        assertThat(seen.status()).isEqualTo(404);
    }

    @Test
    void invalidFieldsAre400WithTheFieldAndReason() {
        // given
        String token = api.newUserToken("noah");
        // when
        Response badType = api.post("/api/v2/identities/remotes", token,
                "{\"protocol\": \"twitter\", \"address\": \"bob\", \"poll_interval\": \"often\"}");
        Response malformed = api.post("/api/v2/contacts", token, "{not json");
        // then
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body().get("field").textValue()).isEqualTo("poll_interval");
        assertThat(badType.body().get("message").textValue()).contains("integer");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.raw().body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void anOversizedBodyIs413() {
        // given
        String token = api.newUserToken("olga");
        String huge = "{\"display_name\": \"" + "x".repeat(70 * 1024) + "\"}";
        // when
        Response refused = api.post("/api/v2/contacts", token, huge);
        // then
        assertThat(refused.status()).isEqualTo(413);
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAToken() {
        // when
        Response document = api.get("/api/v2/openapi.json", null);
        // then
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().get("paths").has("/api/v2/messages/{id}/actions")).isTrue();
        assertThat(document.body().get("paths").has("/api/v2/auth/login")).isTrue();
        assertThat(document.body().get("paths").has("/api/v2/auth/register")).isTrue();
        assertThat(document.body().get("paths").has("/api/v2/auth/tokens/current")).isTrue();
        assertThat(document.body().get("paths").has("/api/v2/admin/users")).isTrue();
    }

    @Test
    void draftsAreListedByDiscussionNewestFirstWithACursor() {
        // given
        String token = api.newUserToken("paul");
        String identity = api.post("/api/v2/identities/locals", token, "{\"address\": \"paul@mesh.test\"}").body()
                .get("id").textValue();
        JsonNode first = api.post("/api/v2/messages", token, "{\"identity_id\": \"" + identity
                + "\", \"to\": [\"a@example.org\"], \"subject\": \"one\", \"body\": \"hi\"}").body();
        String discussion = first.get("discussion_id").textValue();
        api.post("/api/v2/messages", token, "{\"identity_id\": \"" + identity + "\", \"discussion_id\": \""
                + discussion + "\", \"to\": [\"a@example.org\"], \"subject\": \"two\"}");
        // when
        Response page = api.get("/api/v2/messages?discussion_id=" + discussion + "&limit=1", token);
        Response next = api.get("/api/v2/messages?discussion_id=" + discussion + "&limit=1&cursor="
                + page.body().get("next_cursor").textValue(), token);
        // then
        assertThat(page.body().get("messages").get(0).get("subject").textValue()).isEqualTo("two");
        assertThat(next.body().get("messages").get(0).get("subject").textValue()).isEqualTo("one");
        assertThat(api.get("/api/v2/discussions", token).body().size()).isEqualTo(1);
    }

    static String armoredPublicKey() throws Exception {
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 1024, 12));
        PGPKeyPair pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, generator.generateKeyPair(),
                new Date());
        PGPPublicKey key = pair.getPublicKey();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
            key.encode(armored);
        }
        return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
