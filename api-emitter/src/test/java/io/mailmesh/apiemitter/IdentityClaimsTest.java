package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.apiemitter.identities.IdentitySettings;
import io.mailmesh.mesh.testing.NatsServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a user may claim: local addresses in served domains, role addresses by the admin only, no trust_all. */
class IdentityClaimsTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static ApiFixture api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static Response claim(String token, String address) {
        return api.post("/api/v2/identities/locals", token, "{\"address\": \"" + address + "\"}");
    }

    @Test
    void givenAServedDomainWhenAUserClaimsAnAddressInItThenItIsCreated() {
        // given
        String token = api.newUserToken("dora");
        // when
        Response created = claim(token, "Dora@Mesh.Test");
        // then
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("address").textValue()).isEqualTo("dora@mesh.test");
    }

    @Test
    void givenADomainNotServedWhenAUserClaimsAnAddressInItThenTheAnswerIs403WithTheReason() {
        // given
        String token = api.newUserToken("eve");
        // when
        Response refused = claim(token, "ceo@bank.example");
        Response subdomain = claim(token, "eve@sub.mesh.test");
        // then
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("error").textValue()).isEqualTo("domain_not_served");
        assertThat(refused.body().get("message").textValue()).contains("bank.example").contains("mesh.test");
        assertThat(subdomain.status()).isEqualTo(403);
    }

    @Test
    void givenARoleAddressWhenAUserClaimsItThenItIsRefusedButTheAdminCanAssignIt() {
        // given
        String token = api.newUserToken("frank");
        String userId = api.get("/api/v2/me", token).body().get("id").textValue();
        // when
        Response postmaster = claim(token, "postmaster@mesh.test");
        Response tagged = claim(token, "abuse+reports@mesh.test");
        Response noReply = claim(token, "No-Reply@mesh.test");
        Response byAdmin = api.post("/api/v2/admin/users/" + userId + "/identities/locals", ApiFixture.ADMIN_TOKEN,
                "{\"address\": \"postmaster@mesh.test\"}");
        Response byUserOnAdminRoute = api.post("/api/v2/admin/users/" + userId + "/identities/locals", token,
                "{\"address\": \"hostmaster@mesh.test\"}");
        // then
        assertThat(postmaster.status()).isEqualTo(403);
        assertThat(postmaster.body().get("error").textValue()).isEqualTo("role_address");
        assertThat(tagged.status()).isEqualTo(403);
        assertThat(noReply.status()).isEqualTo(403);
        assertThat(byAdmin.status()).isEqualTo(201);
        assertThat(byAdmin.body().get("user_id").textValue()).isEqualTo(userId);
        assertThat(byUserOnAdminRoute.status()).isEqualTo(403);
    }

    @Test
    void givenTrustAllNotAllowedWhenAUserSetsItOnItsSmtpServerThenTheAnswerIs400NamingTheField() {
        // given
        String token = api.newUserToken("gina");
        // when
        Response refused = api.post("/api/v2/identities/remotes", token, """
                {"protocol": "smtp", "address": "gina@example.org",
                 "outgoing": {"host": "smtp.example.org", "port": 465, "trust_all_certificates": true},
                 "credentials": {"password": "pw"}}""");
        // then
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("field").textValue()).isEqualTo("outgoing.trust_all_certificates");
        assertThat(refused.body().get("message").textValue()).contains("MESH_ALLOW_TRUST_ALL");
    }

    @Test
    void givenTrustAllAllowedByTheOperatorWhenAUserSetsItThenTheIdentityIsCreated() throws Exception {
        try (ApiFixture lenient = ApiFixture.start(nats.url(), null, Duration.ofSeconds(2),
                io.mailmesh.apiemitter.auth.AuthSettings.defaults(true),
                new IdentitySettings(java.util.Set.of("mesh.test"), true))) {
            // given
            String token = lenient.newUserToken("hank");
            // when
            Response created = lenient.post("/api/v2/identities/remotes", token, """
                    {"protocol": "smtp", "address": "hank@example.org",
                     "outgoing": {"host": "smtp.example.org", "port": 465, "trust_all_certificates": true},
                     "credentials": {"password": "pw"}}""");
            // then
            assertThat(created.status()).isEqualTo(201);
        }
    }

    @Test
    void givenTheDevelopmentProfileWithoutLocalDomainsThenTheDevMailDomainIsServedAndProductionServesNone() {
        assertThat(IdentitySettings.of(null, false, true).localDomains()).containsExactly("mailmesh.local");
        assertThat(IdentitySettings.of(" ", false, false).localDomains()).isEmpty();
        assertThat(IdentitySettings.of("Mail.Example.org, other.example", false, true).localDomains())
                .containsExactlyInAnyOrder("mail.example.org", "other.example");
    }
}
